/** Decodes pgoutput (protocol 1) messages into plain objects, keeping every value as Postgres text. */

/** One column value: text, null, or undefined for an unchanged TOASTed value the server did not send. */
export type TupleValue = string | null | undefined;

export interface RelationColumn {
  name: string;
  /** Part of the replica identity (the key; every column with REPLICA IDENTITY FULL). */
  isKey: boolean;
  typeOid: number;
  typeMod: number;
}

export interface Relation {
  tag: 'relation';
  oid: number;
  schema: string;
  table: string;
  replicaIdentity: 'default' | 'nothing' | 'full' | 'index';
  columns: RelationColumn[];
}

export interface Begin {
  tag: 'begin';
  finalLsn: string;
  /** Commit time, microseconds since 2000-01-01 UTC (Postgres' epoch). */
  commitTimeUs: bigint;
  xid: number;
}

export interface Commit {
  tag: 'commit';
  commitLsn: string;
  endLsn: string;
  commitTimeUs: bigint;
}

export interface Insert {
  tag: 'insert';
  relationOid: number;
  newTuple: TupleValue[];
}

export interface Update {
  tag: 'update';
  relationOid: number;
  /** 'K': key columns only (others null), 'O': the whole old row (REPLICA IDENTITY FULL). */
  oldKind: 'K' | 'O' | undefined;
  oldTuple: TupleValue[] | undefined;
  newTuple: TupleValue[];
}

export interface Delete {
  tag: 'delete';
  relationOid: number;
  oldKind: 'K' | 'O';
  oldTuple: TupleValue[];
}

export interface TypeInfo {
  tag: 'type';
  oid: number;
  schema: string;
  name: string;
}

/** Messages we do not turn into changes (origin, truncate, logical messages). */
export interface Other {
  tag: 'other';
  kind: string;
}

export type PgoutputMessage = Begin | Commit | Relation | Insert | Update | Delete | TypeInfo | Other;

const IDENTITIES = { d: 'default', n: 'nothing', f: 'full', i: 'index' } as const;

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  byte(): number {
    return this.buf.readUInt8(this.offset++);
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  uint32(): number {
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }
  lsn(): string {
    const v = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return formatLsn(v);
  }
  string(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new Error('pgoutput: unterminated string');
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }
  text(length: number): string {
    const s = this.buf.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return s;
  }
  tuple(): TupleValue[] {
    const count = this.int16();
    const values: TupleValue[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const kind = this.byte();
      if (kind === 0x74 /* t */) values[i] = this.text(this.int32());
      else if (kind === 0x6e /* n */) values[i] = null;
      else if (kind === 0x75 /* u */) values[i] = undefined;
      else throw new Error(`pgoutput: unexpected column kind '${String.fromCharCode(kind)}' (binary mode is not used)`);
    }
    return values;
  }
}

/** Postgres' own spelling of an LSN (as pg_lsn prints it since 18). */
export function formatLsn(lsn: bigint): string {
  const low = (lsn & 0xffffffffn).toString(16).toUpperCase().padStart(8, '0');
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${low}`;
}

export function lsnToBigInt(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** Decodes one XLogData payload from a pgoutput stream. */
export function decodePgoutput(buf: Buffer): PgoutputMessage {
  const r = new Reader(buf);
  const tag = String.fromCharCode(r.byte());
  switch (tag) {
    case 'B':
      return { tag: 'begin', finalLsn: r.lsn(), commitTimeUs: r.int64(), xid: r.uint32() };
    case 'C': {
      r.byte(); // flags, unused
      return { tag: 'commit', commitLsn: r.lsn(), endLsn: r.lsn(), commitTimeUs: r.int64() };
    }
    case 'R': {
      const oid = r.uint32();
      const schema = r.string();
      const table = r.string();
      const identity = String.fromCharCode(r.byte());
      const replicaIdentity = IDENTITIES[identity as keyof typeof IDENTITIES];
      if (!replicaIdentity) throw new Error(`pgoutput: unknown replica identity '${identity}' for ${schema}.${table}`);
      const count = r.int16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < count; i++) {
        const flags = r.byte();
        columns.push({ isKey: (flags & 1) === 1, name: r.string(), typeOid: r.uint32(), typeMod: r.int32() });
      }
      return { tag: 'relation', oid, schema: schema || 'pg_catalog', table, replicaIdentity, columns };
    }
    case 'Y':
      return { tag: 'type', oid: r.uint32(), schema: r.string(), name: r.string() };
    case 'I': {
      const relationOid = r.uint32();
      expect(r.byte(), 'N', 'insert');
      return { tag: 'insert', relationOid, newTuple: r.tuple() };
    }
    case 'U': {
      const relationOid = r.uint32();
      let marker = String.fromCharCode(r.byte());
      let oldKind: 'K' | 'O' | undefined;
      let oldTuple: TupleValue[] | undefined;
      if (marker === 'K' || marker === 'O') {
        oldKind = marker;
        oldTuple = r.tuple();
        marker = String.fromCharCode(r.byte());
      }
      expect(marker.charCodeAt(0), 'N', 'update');
      return { tag: 'update', relationOid, oldKind, oldTuple, newTuple: r.tuple() };
    }
    case 'D': {
      const relationOid = r.uint32();
      const marker = String.fromCharCode(r.byte());
      if (marker !== 'K' && marker !== 'O') throw new Error(`pgoutput: unexpected delete marker '${marker}'`);
      return { tag: 'delete', relationOid, oldKind: marker, oldTuple: r.tuple() };
    }
    case 'O':
    case 'T':
    case 'M':
      return { tag: 'other', kind: tag };
    default:
      throw new Error(`pgoutput: unknown message '${tag}'`);
  }
}

function expect(byte: number, wanted: string, what: string): void {
  if (byte !== wanted.charCodeAt(0)) throw new Error(`pgoutput: ${what} expected '${wanted}', got '${String.fromCharCode(byte)}'`);
}
