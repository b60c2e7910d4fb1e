// Named statements on PGlite. PGlite's query() sends every statement as an unnamed Parse, so each call parses,
// analyses and plans it again, in WebAssembly; for the group statements of top-ups and usage (a few CTEs over arrays)
// that is most of what a call costs. Here a statement with a name is parsed once (Parse + Describe under that name),
// and each call after only binds and executes it: one pass of PGlite's protocol loop, with PostgreSQL's plan cache
// deciding between custom and generic plans as it does for pg's named statements on a server.
import { parse as pgliteParse, protocol, type PGlite, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;

export class PGlitePreparedStatements {
  /** Each name's text and the parameter types PostgreSQL inferred for it (how each value is serialised). */
  private readonly prepared = new Map<string, { text: string; paramTypes: number[] }>();

  constructor(private readonly client: PGlite) {}

  /**
   * Runs a named statement. The caller holds PGlite's query lock (as query() does), so no other statement runs
   * between the messages of this one. Outside a transaction the data folder is synced after, as query() does.
   */
  async run<Row>(name: string, text: string, params: readonly unknown[], inTransaction: boolean): Promise<Results<Row>> {
    // As query() does: "PGlite is closed" (or closing), not a TypeError from inside the closed instance.
    await this.client._checkReady();
    let statement = this.prepared.get(name);
    if (statement && statement.text !== text) throw new Error(`PGlite: statement ${name} was prepared with other text`);
    if (!statement) {
      const { messages } = await this.client.execProtocol(
        Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
        { syncToFs: false },
      );
      statement = { text, paramTypes: pgliteParse.parseDescribeStatementResults(messages) };
      this.prepared.set(name, statement);
    }
    const { paramTypes } = statement;
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = this.client.serializers[paramTypes[index] ?? 0];
      // As PGlite's query() does for a type it has no serializer for (text among them).
      return serializer ? serializer(value) : (value as { toString(): string }).toString();
    });
    // Bind, describe the portal (the row description the results are parsed with), execute and sync in one pass: after
    // an error PostgreSQL skips to the Sync, so the connection is ready for the next statement either way.
    const { messages } = await this.client.execProtocol(
      Buffer.concat([
        serialize.bind({ statement: name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    if (!inTransaction) await this.client.syncToFs();
    return pgliteParse.parseResults(messages, this.client.parsers)[0] as Results<Row>;
  }
}
