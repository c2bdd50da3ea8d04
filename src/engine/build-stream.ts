import type { Readable } from 'node:stream';
import { BuildFailedError } from './build-errors.js';
import { decodeBuildkitStatus } from './buildkit-status.js';

/** Lines of build output kept for error messages and the report. */
const LOG_LIMIT = 200;
/** Longest single line of the stream accepted before the build is treated as broken. */
const LINE_LIMIT = 8 * 1024 * 1024;

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  id?: string;
  aux?: unknown;
}

/**
 * Follows the JSON-lines stream of `POST /build` to its end. The engine reports a failed build
 * inside the stream (an `error` event), not with an HTTP status, so this is where builds fail.
 * Handles both the classic builder's events and BuildKit's (`moby.buildkit.trace`,
 * `moby.image.id`).
 */
export async function followBuildStream(stream: Readable, onProgress?: (line: string) => void): Promise<{ imageId: string; log: string[] }> {
  const log: string[] = [];
  const stepNames = new Map<string, string>();
  // Images the classic builder committed for steps it ran (not cache hits): a failed build leaves
  // them behind, so they are handed to the caller to remove.
  const createdImages: string[] = [];
  // Whether the current step's image is new: not the base image of a FROM, not a cache hit.
  let stepCommits = false;
  let imageId: string | undefined;
  let failure: { message: string; step?: string } | undefined;
  let lastStep: string | undefined;
  let pending = '';
  // The classic builder splits lines across events ("Step 2/4 : COPY …" then "\n"): join them.
  let streamText = '';

  const emit = (line: string) => {
    const trimmed = line.replace(/\s+$/, '');
    if (!trimmed) return;
    log.push(trimmed);
    if (log.length > LOG_LIMIT) log.shift();
    onProgress?.(trimmed);
  };

  const handle = (event: BuildEvent) => {
    if (event.error || event.errorDetail) {
      failure ??= { message: event.errorDetail?.message ?? event.error ?? 'unknown error', step: lastStep };
      return;
    }
    if (event.id === 'moby.image.id') {
      imageId = (event.aux as { ID?: string } | undefined)?.ID ?? imageId;
      return;
    }
    if (event.id === 'moby.buildkit.trace' && typeof event.aux === 'string') {
      const status = decodeBuildkitStatus(event.aux);
      for (const vertex of status.vertexes) {
        if (vertex.name) stepNames.set(vertex.digest, vertex.name);
        if (vertex.started && !vertex.completed && vertex.name) {
          lastStep = vertex.name;
          emit(`${vertex.name}`);
        }
        if (vertex.error) failure ??= { message: vertex.error, step: vertex.name || stepNames.get(vertex.digest) };
      }
      for (const entry of status.logs) for (const line of entry.text.split('\n')) emit(line);
      for (const warning of status.warnings) emit(`WARNING: ${warning}`);
      return;
    }
    if (event.aux && typeof event.aux === 'object' && 'ID' in event.aux) {
      imageId = String((event.aux as { ID: unknown }).ID);
      return;
    }
    if (typeof event.stream === 'string') {
      streamText += event.stream;
      let newline: number;
      while ((newline = streamText.indexOf('\n')) >= 0) {
        classicLine(streamText.slice(0, newline));
        streamText = streamText.slice(newline + 1);
      }
    } else if (typeof event.status === 'string') {
      emit(event.status);
    }
  };

  const classicLine = (line: string) => {
    const step = /^Step \d+\/\d+ : (.*)$/.exec(line);
    if (step) {
      lastStep = step[1];
      stepCommits = !/^FROM\s/i.test(step[1]!);
    }
    if (/^ ---> Using cache$/.test(line)) stepCommits = false;
    const committed = /^ ---> ([0-9a-f]{12,64})$/.exec(line);
    if (committed && stepCommits) createdImages.push(committed[1]!);
    const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(line.trim());
    if (built && !imageId) imageId = built[1];
    emit(line);
  };

  for await (const chunk of stream) {
    pending += (chunk as Buffer).toString('utf8');
    if (pending.length > LINE_LIMIT) throw new BuildFailedError('the engine sent a build event larger than 8 MiB', lastStep, log.slice(-20), createdImages);
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) handle(parseEvent(line));
    }
  }
  if (pending.trim()) handle(parseEvent(pending.trim()));
  if (streamText) classicLine(streamText);

  if (failure) throw new BuildFailedError(failure.message, failure.step, log.slice(-20), createdImages);
  if (!imageId) throw new BuildFailedError('the engine finished the build without reporting an image ID', lastStep, log.slice(-20), createdImages);
  return { imageId: imageId.startsWith('sha256:') || imageId.length !== 64 ? imageId : `sha256:${imageId}`, log };
}

function parseEvent(line: string): BuildEvent {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as BuildEvent) : { stream: line };
  } catch {
    // Not every engine or proxy sends only JSON; keep the text as output.
    return { stream: line };
  }
}
