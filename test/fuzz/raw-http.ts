/**
 * HTTP/1.1 over a plain socket, so the fuzzer can send what fetch refuses to: invalid header bytes,
 * conflicting lengths, broken chunking, invalid UTF-8. Reads only the status line of the answer.
 */
import { connect } from 'node:net';

export interface RawRequest {
  readonly method: string;
  /** Sent as is: it may be malformed on purpose. */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer;
  /**
   * How the body is framed: by Content-Length (the default), as valid chunks, or behind a chunk
   * size line that is not hex. Either way the request is complete: a request that promises bytes it
   * never sends would only measure the server's patience.
   */
  readonly framing?: 'length' | 'chunked' | 'bad-chunk';
}

export interface RawAnswer {
  /** undefined: the connection ended without a status line (or timed out). */
  readonly status: number | undefined;
  readonly error?: string;
}

export function encodeRequest(request: RawRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const framing = request.framing ?? 'length';
  let payload = body;
  if (framing === 'length') {
    const explicitLength = request.headers.some(([name]) => /^content-length$/i.test(name));
    if (!explicitLength) lines.push(`Content-Length: ${body.length}`);
  } else {
    lines.push('Transfer-Encoding: chunked');
    payload =
      framing === 'chunked'
        ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
        : Buffer.from('zz\r\n\r\n0\r\n\r\n');
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Bodies over ingress's default MAX_BODY_BYTES (1 MiB) are answered 413 from their headers. */
const EARLY_ANSWER_BODY_BYTES = 1024 * 1024;
/** How long to wait for that early answer before sending the body anyway (a chunked one has no length). */
const EARLY_ANSWER_WAIT_MS = 2_000;

/**
 * Sends one request and reads the status line of its answer. A server that answers a refusal
 * before it read the body and closes resets the socket under a body still being written, and the
 * client loses an answer that was sent: that reset (EPIPE/ECONNRESET before any answer byte) is
 * sent again, twice at most, as a client would; a server that really drops the request fails
 * every time.
 */
export async function exchange(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  let answer = await exchangeOnce(port, bytes, timeoutMs);
  for (
    let retry = 0;
    retry < 2 && answer.status === undefined && /EPIPE|ECONNRESET/.test(answer.error ?? '');
    retry++
  ) {
    answer = await exchangeOnce(port, bytes, timeoutMs);
  }
  return answer;
}

function exchangeOnce(port: number, bytes: Buffer, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ status: undefined, error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    // write, not end: Node's HTTP server drops a request whose client half-closed before the answer.
    // A large body goes after a pause, as a client that heeds an early answer (413) would send it:
    // written at once, the server's close would reset the socket before its answer is read.
    socket.on('connect', () => {
      const headEnd = bytes.indexOf('\r\n\r\n') + 4;
      if (bytes.length - headEnd <= EARLY_ANSWER_BODY_BYTES) return void socket.write(bytes);
      socket.write(bytes.subarray(0, headEnd));
      setTimeout(() => {
        if (!settled) socket.write(bytes.subarray(headEnd));
      }, EARLY_ANSWER_WAIT_MS);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) finish({ status: Number(match[1]) });
      else if (received.length > 64)
        finish({ status: undefined, error: `not HTTP: ${received.slice(0, 64)}` });
    });
    // A server that answers and closes before reading all of a large body resets the socket: the
    // status line, if it came, is what counts.
    socket.on('error', (error) => finish({ status: undefined, error: error.message }));
    socket.on('close', () => finish({ status: undefined, error: 'closed without an answer' }));
  });
}
