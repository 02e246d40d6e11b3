// The bytes the file source's splitters look for, by name: JSON's structural characters, blanks, and
// the three bytes of UTF-8's byte-order mark. The structural ones are below 0x80, so none can be part
// of a multi-byte UTF-8 character: scanning bytes finds them exactly where a decoder would.
export const TAB = 0x09;
export const LINE_FEED = 0x0a;
export const CARRIAGE_RETURN = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;
export const BACKSLASH = 0x5c;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
/** EF BB BF: the byte-order mark some tools write before the first document. */
const BYTE_ORDER_MARK = new Set([0xef, 0xbb, 0xbf]);

export function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB || byte === LINE_FEED || byte === CARRIAGE_RETURN;
}

export function isByteOrderMark(byte: number): boolean {
  return BYTE_ORDER_MARK.has(byte);
}
