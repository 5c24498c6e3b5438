// Answering clients in the API layer they announce. The sandbox builds every object with
// GramJS's classes, which are layer 198. For another layer it transcodes bytes: a request
// is read with that layer's published schema and rewritten in layer 198 for GramJS to
// parse; a result or an update is read with GramJS's own schema and rewritten in the
// client's layer. Constructors are matched by name and fields by name; a field the target
// layer requires but layer 198 lacks gets the type's empty value. The schemas: GramJS's
// api.tl (layer 198) and @mtcute/core's api-schema.json (the current layer, 227), both as
// their npm packages ship them (docs/decisions/sandbox-api-layers.md).
import { createRequire } from "node:module";
import { rpcError } from "./rpc";

const require = createRequire(import.meta.url);

/** The layer of GramJS's classes, in which the sandbox builds every object. */
export const NATIVE_LAYER = 198;

const VECTOR = 0x1cb5c415;
const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;

interface TlArg {
  name: string;
  type: string;
  vector: boolean;
  /** set for a conditional field: the flags field and bit that say whether it is there */
  flag?: { field: string; bit: number };
}

interface TlEntry {
  id: number;
  name: string;
  /** result type of a method, type of a constructor */
  type: string;
  vector: boolean;
  method: boolean;
  args: TlArg[];
}

export type TlValue = number | bigint | boolean | string | Buffer | TlObject | TlValue[] | undefined;
export interface TlObject {
  _: string;
  [field: string]: TlValue;
}

export class LayerError extends Error {}

export class TlSchema {
  readonly byId = new Map<number, TlEntry>();
  readonly byName = new Map<string, TlEntry>();
  private readonly byType = new Map<string, TlEntry[]>();

  constructor(
    readonly layer: number,
    entries: TlEntry[],
  ) {
    for (const e of entries) {
      this.byId.set(e.id, e);
      this.byName.set(e.name, e);
      if (!e.method) {
        const list = this.byType.get(e.type) ?? [];
        list.push(e);
        this.byType.set(e.type, list);
      }
    }
  }

  /** A constructor of `type` that needs no fields, for a value the source layer lacks. */
  emptyOf(type: string): TlEntry | undefined {
    return this.byType.get(type)?.find((e) => e.args.every((a) => a.type === "#" || a.flag));
  }
}

function parseArgType(raw: string): Pick<TlArg, "type" | "vector" | "flag"> {
  let t = raw;
  let flag: TlArg["flag"];
  const cond = /^(\w+)\.(\d+)\?(.+)$/.exec(t);
  if (cond) {
    flag = { field: cond[1]!, bit: Number(cond[2]) };
    t = cond[3]!;
  }
  const vec = /^[Vv]ector<(.+)>$/.exec(t);
  return { type: vec ? vec[1]! : t, vector: !!vec, flag };
}

/** Parses TL schema text (GramJS's api.tl). */
export function parseTlText(layer: number, text: string): TlSchema {
  const entries: TlEntry[] = [];
  let method = false;
  for (const line of text.split("\n")) {
    const l = line.trim();
    if (l === "---functions---") method = true;
    else if (l === "---types---") method = false;
    const m = /^([\w.]+)#([0-9a-f]+)\s+(.*?)\s*=\s*([^;]+);$/.exec(l);
    if (!m) continue;
    const args = m[3]!
      .split(/\s+/)
      .filter((a) => a && !a.startsWith("{"))
      .map((a) => {
        const i = a.indexOf(":");
        return { name: a.slice(0, i), ...parseArgType(a.slice(i + 1)) };
      });
    const result = parseArgType(m[4]!.trim());
    // The vector combinator is built into the reader and writer.
    if (m[1] === "vector") continue;
    entries.push({
      id: parseInt(m[2]!, 16) >>> 0,
      name: m[1]!,
      type: result.type,
      vector: result.vector,
      method,
      args,
    });
  }
  return new TlSchema(layer, entries);
}

interface JsonEntry {
  kind: "class" | "method";
  name: string;
  id: number;
  type: string;
  typeModifiers?: { isVector?: boolean };
  arguments?: Array<{ name: string; type: string; typeModifiers?: { predicate?: string; isVector?: boolean } }>;
}

/** Parses mtcute's JSON form of the TL schema ({ l: layer, e: entries }). */
export function parseTlJson(json: { l: number; e: JsonEntry[] }): TlSchema {
  const entries = json.e.map((e): TlEntry => ({
    id: e.id >>> 0,
    name: e.name,
    type: e.type,
    vector: !!e.typeModifiers?.isVector,
    method: e.kind === "method",
    args: (e.arguments ?? []).map((a) => {
      const p = a.typeModifiers?.predicate ? /^(\w+)\.(\d+)$/.exec(a.typeModifiers.predicate) : null;
      // mtcute's int53 is a long on the wire, read as a JS number.
      return {
        name: a.name,
        type: a.type === "int53" ? "long" : a.type,
        vector: !!a.typeModifiers?.isVector,
        flag: p ? { field: p[1]!, bit: Number(p[2]) } : undefined,
      };
    }),
  }));
  return new TlSchema(json.l, entries);
}

class Reader {
  private pos = 0;
  constructor(
    private readonly b: Buffer,
    private readonly schema: TlSchema,
  ) {}

  int(): number {
    const v = this.b.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  uint(): number {
    const v = this.b.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  long(): bigint {
    const v = this.b.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }
  raw(n: number): Buffer {
    if (this.pos + n > this.b.length) throw new LayerError("truncated TL object");
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  bytes(): Buffer {
    let len = this.b[this.pos++]!;
    let head = 1;
    if (len === 254) {
      len = this.b[this.pos]! | (this.b[this.pos + 1]! << 8) | (this.b[this.pos + 2]! << 16);
      this.pos += 3;
      head = 4;
    }
    const v = this.raw(len);
    this.pos += (4 - ((head + len) % 4)) % 4;
    return v;
  }

  value(type: string, vector: boolean): TlValue {
    if (vector) {
      if (this.uint() !== VECTOR) throw new LayerError(`expected a vector of ${type}`);
      const n = this.int();
      if (n < 0 || n > this.b.length) throw new LayerError("bad vector length");
      return Array.from({ length: n }, () => this.value(type, false));
    }
    switch (type) {
      case "int":
      case "#":
        return this.int();
      case "long":
        return this.long();
      case "double": {
        const v = this.b.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
      }
      case "int128":
        return this.raw(16);
      case "int256":
        return this.raw(32);
      case "string":
      case "bytes":
        return this.bytes();
      case "Bool": {
        const id = this.uint();
        if (id !== BOOL_TRUE && id !== BOOL_FALSE) throw new LayerError(`expected Bool, got 0x${id.toString(16)}`);
        return id === BOOL_TRUE;
      }
      case "true":
        return true;
      default:
        return this.object();
    }
  }

  object(): TlObject {
    const id = this.uint();
    const e = this.schema.byId.get(id);
    if (!e) throw new LayerError(`constructor 0x${id.toString(16)} is not in layer ${this.schema.layer}`);
    const out: TlObject = { _: e.name };
    for (const a of e.args) {
      if (a.flag && !((Number(out[a.flag.field] ?? 0) >>> a.flag.bit) & 1)) continue;
      out[a.name] = this.value(a.type, a.vector);
    }
    return out;
  }
}

class Writer {
  private parts: Buffer[] = [];
  constructor(private readonly schema: TlSchema) {}

  private int(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n | 0, 0);
    this.parts.push(b);
  }
  private uint(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0, 0);
    this.parts.push(b);
  }
  private bytes(v: Buffer): void {
    const head =
      v.length < 254
        ? Buffer.from([v.length])
        : Buffer.from([254, v.length & 0xff, (v.length >> 8) & 0xff, (v.length >> 16) & 0xff]);
    this.parts.push(head, v, Buffer.alloc((4 - ((head.length + v.length) % 4)) % 4));
  }

  value(type: string, vector: boolean, v: TlValue): void {
    if (vector) {
      const items = Array.isArray(v) ? v : [];
      this.uint(VECTOR);
      this.int(items.length);
      for (const item of items) this.value(type, false, item);
      return;
    }
    switch (type) {
      case "int":
      case "#":
        return this.int(Number(v ?? 0));
      case "long": {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt.asIntN(64, BigInt((v as bigint | number | undefined) ?? 0)), 0);
        return void this.parts.push(b);
      }
      case "double": {
        const b = Buffer.alloc(8);
        b.writeDoubleLE(Number(v ?? 0), 0);
        return void this.parts.push(b);
      }
      case "int128":
      case "int256": {
        const n = type === "int128" ? 16 : 32;
        return void this.parts.push(Buffer.isBuffer(v) && v.length === n ? v : Buffer.alloc(n));
      }
      case "string":
      case "bytes":
        return this.bytes(Buffer.isBuffer(v) ? v : Buffer.alloc(0));
      case "Bool":
        return this.uint(v ? BOOL_TRUE : BOOL_FALSE);
      case "true":
        return;
      default: {
        if (v && typeof v === "object" && !Buffer.isBuffer(v) && !Array.isArray(v)) return this.object(v);
        const empty = this.schema.emptyOf(type);
        if (!empty) throw new LayerError(`no value for a required ${type} in layer ${this.schema.layer}`);
        return this.object({ _: empty.name });
      }
    }
  }

  object(o: TlObject): void {
    const e = this.schema.byName.get(o._);
    if (!e) throw new LayerError(`${o._} does not exist in layer ${this.schema.layer}`);
    this.uint(e.id);
    const present = (a: TlArg) => (a.type === "true" ? o[a.name] === true : o[a.name] !== undefined);
    for (const a of e.args) {
      if (a.type === "#") {
        let flags = 0;
        for (const x of e.args) if (x.flag?.field === a.name && present(x)) flags |= 1 << x.flag.bit;
        this.int(flags);
      } else if (!a.flag || present(a)) {
        this.value(a.type, a.vector, o[a.name]);
      }
    }
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

let schemas: Map<number, TlSchema> | undefined;

/** The layers the sandbox can answer in, with their schemas. */
export function layerSchemas(): Map<number, TlSchema> {
  if (!schemas) {
    const native = parseTlText(NATIVE_LAYER, require("telegram/tl/apiTl.js") as string);
    const current = parseTlJson(require("@mtcute/core/tl/api-schema.json") as { l: number; e: JsonEntry[] });
    schemas = new Map([
      [native.layer, native],
      [current.layer, current],
    ]);
  }
  return schemas;
}

/** The layer to answer a key in: the one it announced if the sandbox has it, else 198. */
export function effectiveLayer(announced: number | undefined): number {
  return announced !== undefined && layerSchemas().has(announced) ? announced : NATIVE_LAYER;
}

export function supportedLayers(): number[] {
  return [...layerSchemas().keys()].sort((a, b) => a - b);
}

/** Refuses a layer the sandbox has no schema for, as Telegram refuses an invalid one. */
export function checkLayer(layer: number): void {
  if (!layerSchemas().has(layer)) throw rpcError("CONNECTION_LAYER_INVALID");
}

const schemaOf = (layer: number): TlSchema => {
  const s = layerSchemas().get(layer);
  if (!s) throw new LayerError(`layer ${layer} is not supported`);
  return s;
};

/** Rewrites a request (a boxed method call, wrappers included) from `layer` into layer 198. */
export function requestToNative(body: Buffer, layer: number): Buffer {
  if (layer === NATIVE_LAYER) return body;
  const obj = new Reader(body, schemaOf(layer)).object();
  const w = new Writer(schemaOf(NATIVE_LAYER));
  w.object(obj);
  return w.done();
}

/** Whether a constructor id is an API method of `layer` (not an MTProto service message). */
export function isApiMethod(id: number, layer: number): boolean {
  return schemaOf(layer).byId.get(id)?.method === true;
}

/** Rewrites the result of `method` (TL name) from layer 198 into `layer`. */
export function resultFromNative(method: string, bytes: Buffer, layer: number): Buffer {
  if (layer === NATIVE_LAYER) return bytes;
  const from = schemaOf(NATIVE_LAYER).byName.get(method);
  const to = schemaOf(layer).byName.get(method);
  if (!from || !to) throw new LayerError(`${method} is missing from layer ${from ? layer : NATIVE_LAYER}`);
  const v = new Reader(bytes, schemaOf(NATIVE_LAYER)).value(from.type, from.vector);
  const w = new Writer(schemaOf(layer));
  w.value(to.type, to.vector, v);
  return w.done();
}

/** Rewrites a boxed object (an Updates push) from layer 198 into `layer`. */
export function objectFromNative(bytes: Buffer, layer: number): Buffer {
  if (layer === NATIVE_LAYER) return bytes;
  const v = new Reader(bytes, schemaOf(NATIVE_LAYER)).object();
  const w = new Writer(schemaOf(layer));
  w.object(v);
  return w.done();
}
