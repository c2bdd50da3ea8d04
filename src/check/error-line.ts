import { CheckAbortedError, EngineConnectionError, EngineUnreachableError } from '../engine/build-errors.js';
import { ArchiveFormatError } from '../image/archive-members.js';
import { ReportInputError } from '../report/report-input.js';
import { InputError } from '../settings.js';
import { PairBuildError } from './build-check.js';

/** The one line a user sees for an error (CLI and action alike): known errors as they are, others with their type. */
export function errorLine(error: unknown): string {
  if (
    error instanceof InputError ||
    error instanceof EngineUnreachableError ||
    error instanceof EngineConnectionError ||
    error instanceof CheckAbortedError ||
    error instanceof PairBuildError ||
    error instanceof ArchiveFormatError ||
    error instanceof ReportInputError
  ) {
    return error.message;
  }
  if (error instanceof Error) return `${error.message} (run with --debug for details)`;
  return String(error);
}
