// The database a server test runs on: PGlite in memory, or with DATABASE_URL a fresh schema of that PostgreSQL, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type BillingDatabase } from '../../server/db/open-database.js';

export interface TestDatabase {
  db: BillingDatabase;
  kind: 'pglite' | 'postgres';
  /**
   * PostgreSQL only: a URL whose connections see just this test's schema (search_path), for a
   * server started in another process. Undefined on PGlite.
   */
  url: string | undefined;
  /** Closes the database and, on PostgreSQL, drops the schema. */
  close(): Promise<void>;
}

/** The PostgreSQL URL the tests should use, or undefined for PGlite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/**
 * A schema of its own per test database, so tests never see each other's rows and a run leaves
 * nothing behind. Migrations are not run here: the server (startServer or createApp's caller) does.
 */
export async function createTestSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = testDatabaseUrl();
  if (!base) return undefined;
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const schema = await createTestSchema();
  if (!schema) {
    const db = await openDatabase({});
    return { db, kind: 'pglite', url: undefined, close: () => db.close() };
  }
  const db = await openDatabase({ url: schema.url });
  return {
    db,
    kind: 'postgres',
    url: schema.url,
    async close() {
      await db.close();
      await schema.drop();
    },
  };
}
