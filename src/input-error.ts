/** Raised for input a user must correct; the message names the input and what it accepts. */
export class InputError extends Error {
  override name = 'InputError';
}
