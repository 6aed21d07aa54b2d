// Text from files and models is shown in a terminal: notes in search results, TODO comments,
// review messages and suggestions (a model may repeat what the reviewed code told it to). Their
// control characters must not reach the terminal as such: an escape sequence in a note could clear
// the screen, retitle the window or fake output. Each one becomes its visible Unicode symbol (ESC
// shows as ␛), one UTF-16 unit for one, so offsets into the text (search highlights) stay right.
// --json output keeps the exact text: JSON escapes control characters itself.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with C0 controls (but tab and newline), DEL and C1 controls made visible. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
