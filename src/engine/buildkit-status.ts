import protobuf from 'protobufjs';

/**
 * Decoder for BuildKit's status messages (`moby.buildkit.trace` events of the build stream, base64
 * protobuf). The schema is declared here rather than loaded from a .proto file so the bundle needs
 * no data files for it; only the fields repro-check reads are declared (protobuf skips the rest).
 */
const root = protobuf.Root.fromJSON({
  nested: {
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
        warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexLog: {
      fields: { vertex: { type: 'string', id: 1 }, stream: { type: 'int64', id: 3 }, msg: { type: 'bytes', id: 4 } },
    },
    VertexWarning: {
      fields: { vertex: { type: 'string', id: 1 }, short: { type: 'bytes', id: 3 } },
    },
    Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
  },
});
const StatusResponse = root.lookupType('StatusResponse');

/** A decoded BuildKit status message. */
export interface BuildkitStatus {
  vertexes: { digest: string; name: string; cached: boolean; started: boolean; completed: boolean; error: string }[];
  logs: { vertex: string; text: string }[];
  warnings: string[];
}

/** Decodes one `moby.buildkit.trace` payload. */
export function decodeBuildkitStatus(base64: string): BuildkitStatus {
  const message = StatusResponse.toObject(StatusResponse.decode(Buffer.from(base64, 'base64')), {
    defaults: true,
    longs: String,
  }) as {
    vertexes: { digest: string; name: string; cached: boolean; started?: unknown; completed?: unknown; error: string }[];
    logs: { vertex: string; msg: Uint8Array }[];
    warnings: { short: Uint8Array }[];
  };
  return {
    vertexes: message.vertexes.map((v) => ({
      digest: v.digest,
      name: v.name,
      cached: v.cached,
      started: v.started !== null && v.started !== undefined,
      completed: v.completed !== null && v.completed !== undefined,
      error: v.error,
    })),
    logs: message.logs.map((l) => ({ vertex: l.vertex, text: Buffer.from(l.msg).toString('utf8') })),
    warnings: message.warnings.map((w) => Buffer.from(w.short).toString('utf8')),
  };
}
