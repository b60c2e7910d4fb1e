// Applies server/db/migrations/NNN_name.sql in order, once each, recording them in schema_migrations.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BillingDatabase } from './open-database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Runs every migration not yet applied; safe to call on each start and from several processes. */
export async function migrate(db: BillingDatabase, directory: string = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const files = (await readdir(directory)).filter((name) => MIGRATION_FILE.test(name)).sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(`${directory}/${name}`, 'utf8');
    const ran = await db.transaction(async (tx) => {
      // Serialises two servers starting together on one PostgreSQL: the second waits, then skips.
      if (db.kind === 'postgres') await tx.query(`LOCK TABLE schema_migrations IN EXCLUSIVE MODE`);
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE name = $1`, [name]);
      if (done.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query(`INSERT INTO schema_migrations (name) VALUES ($1)`, [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return applied;
}
