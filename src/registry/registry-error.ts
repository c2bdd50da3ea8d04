/**
 * Raised when an image cannot be read from a registry: a reference that does not parse, a registry
 * that refuses or does not answer, a document past its size limit, or a blob whose bytes do not
 * match its digest. The message names the registry, the repository and the document or blob.
 */
export class RegistryError extends Error {
  override name = 'RegistryError';
}
