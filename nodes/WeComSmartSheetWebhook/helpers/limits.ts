/** The sheet webhook's limits (doc 101240): 3,000 rows a minute per sheet; 45033 beyond. */
export const ROWS_PER_WINDOW = 3000;
export const RATE_WINDOW_SECONDS = 60;

/** After a 45033, wait one window and try again, at most this many times. */
export const MAX_RATE_LIMIT_WAITS = 2;

export const CREDENTIAL_TYPE = 'weComSmartSheetWebhookApi';

export const WEBHOOK_PATH = '/cgi-bin/wedoc/smartsheet/webhook';
