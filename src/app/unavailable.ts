/** The application could not start (the market or the journal is out of reach): the message says why and how to fix it. */
export class AppUnavailable extends Error {
  override readonly name = 'AppUnavailable';
}
