/**
 * The same id as V8's internalized string. A computed id (`vc${i}`) turns into a ThinString
 * when the construct tree uses it as a property key, and until the next GC, `Array.join` over
 * a ThinString builds a two-byte string. cdktf joins the path ids into every logical id, so
 * one such id made the whole cdk.tf.json two-byte: twice the memory at synth. Object keys come
 * back internalized, and an internalized id stays as it is when used as a key.
 */
export function internedId(id: string): string {
  if (typeof id !== 'string') return id;
  // A dictionary-mode object: on a literal `{ [id]: 0 }`, V8 makes a hidden class for every
  // distinct id, which took three times the instructions for 5000 ids.
  const keys = Object.create(null) as Record<string, number>;
  keys[id] = 0;
  return Object.keys(keys)[0];
}
