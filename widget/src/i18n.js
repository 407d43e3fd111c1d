// The dialog's strings, an array per language in the order of these indices (the touch
// button uses TITLE). To add a language: an array here, its notices in lang.js and its
// code in normLang. The ru and kk arrays are packed (pack.js).
import { PACKED, unpack } from './pack.js'

export const TITLE = 0
export const COMMENT = 1
export const FIX = 2
export const SEND = 3
export const CANCEL = 4
export const CLOSE = 5
export const THANKS = 6
export const ERROR = 7 // and the start of the "sent later" message
export const MANY = 8 // rate-limited: the start of the "sent later" message
export const SOON = 9 // the end of it
export const LONG = 10
export const NONE = 11

export const T = {
  en: [
    'Report a mistake',
    'Comment',
    'Suggested correction',
    'Send',
    'Cancel',
    'Close',
    'Thank you!',
    'Could not send',
    'Too many reports from you right now',
    ' — we\'ll send this one a bit later.',
    'Too long — please select just the word or phrase.',
    'Select the text with the mistake first.',
  ],
  ru: [
    'Сообщить об ошибке',
    'Комментарий',
    'Как правильно',
    'Отправить',
    'Отмена',
    'Закрыть',
    'Спасибо!',
    'Не удалось отправить',
    'Слишком много сообщений от вас',
    ' — отправим это чуть позже.',
    'Слишком длинно — выделите только слово или фразу.',
    'Сначала выделите текст с ошибкой.',
  ],
  kk: [
    'Қатені хабарлау',
    'Түсініктеме',
    'Дұрыс нұсқасы',
    'Жіберу',
    'Болдырмау',
    'Жабу',
    'Рақмет!',
    'Жіберу мүмкін болмады',
    'Қазір сізден хабарлама тым көп',
    ' — мұны сәл кейінірек жібереміз.',
    'Тым ұзын — қатесі бар сөзді ғана белгілеңіз.',
    'Алдымен қатесі бар мәтінді белгілеңіз.',
  ],
}

for (const l of PACKED) T[l] = T[l].map(unpack)
