// A JSON Schema (draft-04) validator for exactly the keywords the SARIF 2.1.0
// schema uses; any other keyword throws, so a schema it cannot fully check is
// never passed silently. Returns every violation with its JSON path.

type Schema = Record<string, unknown>;

const annotations = new Set(['$schema', 'id', 'title', 'description', 'default', 'definitions']);
const checked = new Set(['type', 'properties', 'additionalProperties', 'required', 'enum', 'items', 'minItems', 'uniqueItems', '$ref', 'pattern', 'format', 'minimum', 'maximum', 'anyOf', 'oneOf']);

export function validateSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolveRef = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) node = (node as Schema)[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
    if (!node || typeof node !== 'object') throw new Error(`dangling $ref ${ref}`);
    return node as Schema;
  };
  const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const typeMatches = (t: string, v: unknown) => t === typeOf(v) || (t === 'number' && typeof v === 'number');
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    for (const k of Object.keys(schema)) if (!annotations.has(k) && !checked.has(k)) throw new Error(`schema keyword '${k}' at ${path} is not supported by this validator`);
    if (typeof schema.$ref === 'string') return check(resolveRef(schema.$ref), v, path, out);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => typeMatches(t, v))) return void out.push(`${path}: expected ${types.join('|')}, got ${typeOf(v)}`);
    }
    if (schema.enum && !(schema.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(`${path}: ${JSON.stringify(v)} not in enum`);
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) out.push(`${path}: ${v} < minimum ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) out.push(`${path}: ${v} > maximum ${schema.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) out.push(`${path}: '${v}' does not match ${schema.pattern}`);
      if (schema.format === 'uri' && !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v)) out.push(`${path}: '${v}' is not an absolute URI`);
      if (schema.format === 'uri-reference' && /\s|\\/.test(v)) out.push(`${path}: '${v}' is not a URI reference`);
      if (schema.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)) out.push(`${path}: '${v}' is not a date-time`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems} items`);
      if (schema.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${path}: items are not unique`);
      if (schema.items && typeof schema.items === 'object') v.forEach((x, i) => check(schema.items as Schema, x, `${path}[${i}]`, out));
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) out.push(`${path}: missing required '${r}'`);
      for (const [k, x] of Object.entries(obj)) {
        if (props[k]) check(props[k], x, `${path}.${k}`, out);
        else if (schema.additionalProperties === false) out.push(`${path}: property '${k}' is not allowed`);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, x, `${path}.${k}`, out);
      }
    }
    for (const [kw, want] of [['anyOf', (n: number) => n >= 1], ['oneOf', (n: number) => n === 1]] as const) {
      const alts = schema[kw] as Schema[] | undefined;
      if (!alts) continue;
      const passing = alts.filter((a) => {
        const sub: string[] = [];
        check(a, v, path, sub);
        return sub.length === 0;
      }).length;
      if (!want(passing)) out.push(`${path}: ${passing} of the ${kw} alternatives match`);
    }
  };
  check(root, value, '$', errors);
  return errors;
}
