// A function of one key computed once per key: what a page asks again and again (a build tag's link,
// which every run of one CI build carries) is worked out the first time only.

export function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/**
 * memoised for a key that is an object, each value kept only as long as its key lives: what is worked
 * out once for a list of a verdict is dropped with the verdict.
 */
export function memoisedWeakly<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
