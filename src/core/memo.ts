// A function of one key computed once per key: what a page asks again and again (a build tag's link,
// which every run of one CI build carries) is worked out the first time only.

/** Where the values worked out so far are kept: a Map, or a WeakMap for keys that are objects. */
interface Known<K, V> {
  has(key: K): boolean;
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

function memoisedIn<K, V>(known: Known<K, V>, compute: (key: K) => V): (key: K) => V {
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

export function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  return memoisedIn(new Map<K, V>(), compute);
}

/**
 * memoised for a key that is an object, each value kept only as long as its key lives: what is worked
 * out once for a list of a verdict is dropped with the verdict.
 */
export function memoisedWeakly<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  return memoisedIn(new WeakMap<K, V>(), compute);
}
