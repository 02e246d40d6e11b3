// Installer, version, scenario and test names come from any CI job, so `__proto__`, `constructor` or
// `toString` are names like any other. Records keyed by names are created without a prototype and read
// through own properties only: a name can then never reach Object.prototype, set a prototype, or read
// an inherited member (`history['constructor']` is undefined, not the Object function).

/** A record keyed by names from the data: no prototype. */
export function nameRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) record[name] = value;
  return record;
}

/** The value a record holds for a name as an own property; inherited members read as undefined. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

/** The nested record under a name, created (without a prototype) when missing. */
export function ownChild<T>(record: Record<string, Record<string, T>>, name: string): Record<string, T> {
  const existing = own(record, name);
  if (existing !== undefined) return existing;
  const created = nameRecord<T>();
  // defineProperty, not assignment: on a record that came with a prototype, `record['__proto__'] = …`
  // would replace the prototype instead of adding the name.
  Object.defineProperty(record, name, {
    value: created,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return created;
}

/** Sets a name's value as an own property, whatever the record's prototype and whatever the name. */
export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy in which every object is a record without a prototype (arrays stay arrays). Used for
 * parsed JSON, where `__proto__` is an own key of a plain object, and instead of structuredClone, whose
 * copies get Object.prototype back.
 */
export function cloneNames<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneNames) as T;
  if (value === null || typeof value !== 'object') return value;
  return nameRecord(
    Object.keys(value).map((key) => [key, cloneNames((value as Record<string, unknown>)[key])]),
  ) as T;
}

/**
 * Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides, and UTF-16
 * surrogates without their pair: a name holding one could forge lines in a terminal or a log, reorder
 * what a page shows, or not be written as UTF-8 at all.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE.source, 'g');

/** True when a name holds nothing that could forge or garble what shows it. */
export function isPrintable(name: string): boolean {
  return !UNPRINTABLE.test(name);
}

/**
 * The text with every unprintable character written as `\u` and its four hex digits. Documents with
 * such names are refused, but a state file written before that rule, or edited by hand, may still hold
 * one: whatever reaches a terminal or a log line goes through here.
 */
export function printable(text: string): string {
  return text.replace(
    EVERY_UNPRINTABLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
