// The notice line and language detection: the only strings the loader carries.
// Everything else lives in the dialog (i18n.js).
export const NOTICE = {
  ru: 'Нашли ошибку? Выделите её и нажмите Ctrl+Enter',
  kk: 'Қате таптыңыз ба? Оны белгілеп, Ctrl+Enter басыңыз',
  en: 'Found a mistake? Select it and press Ctrl+Enter',
}

// "ru-RU" → ru, "kz"/"kk-KZ" → kk, anything else → en.
export const normLang = (v) => {
  v = (v || '').slice(0, 2).toLowerCase()
  return v == 'kz' ? 'kk' : NOTICE[v] ? v : 'en'
}
