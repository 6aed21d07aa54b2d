// Groups the lines of a server-sent event stream into events (the WHATWG rules: `field: value`
// lines, a blank line ends an event, lines starting with ":" are comments).

export interface SseEvent {
  /** "message" unless the stream names another with an `event:` line. */
  event: string;
  /** The event's `data:` lines, joined with \n. */
  data: string;
}

/**
 * Yields each complete event. llama-server has written errors as a nonstandard `error: {...}`
 * line; that becomes an event named "error", also when the stream ends right after it. Any other
 * event the stream leaves unfinished at its end is dropped, as the standard says: the connection
 * broke inside it.
 */
export async function* sseEvents(lines: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  let event = 'message';
  let data: string[] = [];
  for await (const line of lines) {
    if (line === '') {
      if (data.length > 0) yield { event, data: data.join('\n') };
      event = 'message';
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'error') {
      event = 'error';
      data.push(value);
    }
  }
  if (event === 'error' && data.length > 0) yield { event, data: data.join('\n') };
}
