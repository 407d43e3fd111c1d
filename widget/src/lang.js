// The notice lines and language detection: the only strings the loader carries.
// Everything else lives in the dialog (i18n.js). Not packed (pack.js): here the unpacking
// would cost more than it saves.

// Per language: [with a keyboard, on a touch screen, which names the button (i18n.js's TITLE)].
export const NOTICE = {
  en: [
    'Found a mistake? Select it and press Ctrl+Enter',
    'Found a mistake? Select it and tap "Report a mistake"',
  ],
  ru: [
    'Нашли ошибку? Выделите её и нажмите Ctrl+Enter',
    'Нашли ошибку? Выделите её и нажмите «Сообщить об ошибке»',
  ],
  kk: [
    'Қате таптыңыз ба? Оны белгілеп, Ctrl+Enter басыңыз',
    'Қате таптыңыз ба? Оны белгілеп, «Қатені хабарлау» түймесін басыңыз',
  ],
}

// "ru-RU" → ru, "kz"/"kk-KZ" → kk, anything else → en.
export const normLang = (v) => {
  v = (v || '').slice(0, 2).toLowerCase()
  return v == 'kz' ? 'kk' : NOTICE[v] ? v : 'en'
}
