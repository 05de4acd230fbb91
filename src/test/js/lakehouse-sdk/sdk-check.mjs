// Drives a running Tarn server with the official Altertable Lakehouse JS SDK and asserts what a user
// of that SDK would rely on. Each check prints "ok <name>"; the first failure prints
// "not ok <name>: <message>" and ends the script with exit code 1. JsSdkIT runs this script.
//
// Environment: TARN_URL (base URL of the server), TARN_USER, TARN_PASSWORD.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
// The package's "main" names dist/index.js, which 0.2.2 does not ship, so the entry point is imported by path.
import {
  AltertableLakehouseClient,
  AltertableLakehouseError,
  AuthError,
} from './node_modules/@altertable/lakehouse/dist/src/index.js';

const baseUrl = requiredEnvironment('TARN_URL');
const username = requiredEnvironment('TARN_USER');
const password = requiredEnvironment('TARN_PASSWORD');

// No retries: a retried request would hide a first answer that was wrong.
const retryPolicy = { maxAttempts: 1 };
const client = new AltertableLakehouseClient({ baseUrl, username, password, retryPolicy, userAgentSuffix: 'tarn-sdk-check' });

/** The query the getQuery check runs, kept so the cancelQuery check can cancel that same query. */
let loggedQuery;

const checks = [
  ['query streams metadata, columns and rows', async () => {
    const result = await client.query({ statement: "SELECT 1 AS one, 'x' AS s" });
    assert.equal(typeof result.metadata.query_id, 'string', 'metadata.query_id');
    assert.ok(result.metadata.query_id.length > 0, 'metadata.query_id is empty');
    assert.equal(typeof result.metadata.session_id, 'string', 'metadata.session_id');
    assert.ok(result.metadata.session_id.length > 0, 'metadata.session_id is empty');
    assert.deepEqual(result.columns, ['one', 's']);
    const rows = [];
    for await (const row of result.rows) {
      rows.push(row);
    }
    // The SDK turns each row array into an object keyed by column name; read it back in column order too.
    assert.deepEqual(rows, [{ one: 1, s: 'x' }]);
    assert.deepEqual(result.columns.map((column) => rows[0][column]), [1, 'x']);
  }],

  ['append writes rows the next query sees without waiting', async () => {
    const single = await client.append({ catalog: 'memory', schema: 'main', table: 'sdk_events', body: { id: 1, name: 'ada' } });
    assert.equal(single.ok, true, JSON.stringify(single));
    assert.equal(single.error_code ?? null, null);
    assert.match(single.task_id, /^[0-9a-f-]{36}$/);
    const batch = await client.append({
      catalog: 'memory', schema: 'main', table: 'sdk_events', body: [{ id: 2, name: 'bob' }, { id: 3, name: 'cy' }],
    });
    assert.equal(batch.ok, true, JSON.stringify(batch));
    // no sync: the server makes the same caller's next query wait for its acknowledged appends
    const count = await client.queryAll({ statement: 'SELECT count(*) AS n FROM sdk_events' });
    assert.equal(count.rows[0].n, 3);
  }],

  ['upsert with the legacy mode merges rows by key', async () => {
    await client.upsert({ catalog: 'memory', schema: 'main', table: 'sdk_events', mode: 'upsert', primary_key: 'id' },
      JSON.stringify([{ id: 2, name: 'bobby' }, { id: 4, name: 'dee' }]));
    const rows = await client.queryAll({ statement: 'SELECT id, name FROM sdk_events ORDER BY id' });
    assert.deepEqual(rows.rows, [
      { id: 1, name: 'ada' },
      { id: 2, name: 'bobby' },
      { id: 3, name: 'cy' },
      { id: 4, name: 'dee' },
    ]);
    await client.upsert({ catalog: 'memory', schema: 'main', table: 'sdk_created', mode: 'create' }, 'id,label\n1,x\n2,y\n');
    const created = await client.queryAll({ statement: 'SELECT count(*) AS n FROM sdk_created' });
    assert.equal(created.rows[0].n, 2);
  }],

  ['queryAll returns every row of a table', async () => {
    await client.queryAll({
      statement: "CREATE TABLE sdk_people(id INTEGER, name VARCHAR); INSERT INTO sdk_people VALUES (1,'ada'),(2,'bob'),(3,'cy')",
    });
    const people = await client.queryAll({ statement: 'SELECT id, name FROM sdk_people ORDER BY id' });
    assert.deepEqual(people.columns, ['id', 'name']);
    assert.deepEqual(people.rows, [
      { id: 1, name: 'ada' },
      { id: 2, name: 'bob' },
      { id: 3, name: 'cy' },
    ]);
    const count = await client.queryAll({ statement: 'SELECT COUNT(*) FROM sdk_people' });
    assert.equal(count.rows.length, 1);
    // A count is a JSON number, so users can do arithmetic with it without parsing a string.
    assert.equal(count.rows[0][count.columns[0]], 3);
  }],

  ['validate tells valid statements from invalid ones', async () => {
    const valid = await client.validate({ statement: 'SELECT 1' });
    assert.equal(valid.valid, true, `SELECT 1 should be valid: ${JSON.stringify(valid)}`);
    assert.equal(valid.statement, 'SELECT 1');

    const garbage = await client.validate({ statement: 'NOT VALID SQL !!!' });
    assert.equal(garbage.valid, false, `garbage should be invalid: ${JSON.stringify(garbage)}`);
    assert.equal(typeof garbage.error, 'string', `an invalid statement says why: ${JSON.stringify(garbage)}`);
    assert.ok(garbage.error.length > 0, 'the error is empty');

    const missingTable = await client.validate({ statement: 'SELECT * FROM sdk_missing_table' });
    assert.equal(missingTable.valid, false, `a missing table should be invalid: ${JSON.stringify(missingTable)}`);
  }],

  ['getQuery shows the logged query', async () => {
    const statement = 'SELECT 42 AS answer';
    const queryId = randomUUID();
    const result = await client.queryAll({ statement, query_id: queryId });
    assert.deepEqual(result.rows, [{ answer: 42 }]);
    assert.equal(result.metadata.query_id, queryId, 'a caller-chosen query id is the one the query runs under');
    loggedQuery = { queryId, sessionId: result.metadata.session_id };

    const log = await client.getQuery(queryId);
    assert.equal(log.uuid, queryId);
    assert.equal(log.query, statement);
    assert.equal(log.session_id, result.metadata.session_id);
    assert.equal(log.client_interface, 'HttpQuery');
  }],

  ['cancelQuery answers according to the session', async () => {
    assert.ok(loggedQuery, 'the getQuery check must run first: it runs the query cancelled here');
    const otherSession = await client.cancelQuery(loggedQuery.queryId, randomUUID());
    assert.equal(otherSession.cancelled, false, `another session may not cancel: ${JSON.stringify(otherSession)}`);
    assert.equal(typeof otherSession.message, 'string');

    const ownSession = await client.cancelQuery(loggedQuery.queryId, loggedQuery.sessionId);
    assert.equal(ownSession.cancelled, true, `the query's own session may cancel: ${JSON.stringify(ownSession)}`);
    assert.equal(typeof ownSession.message, 'string');
  }],

  ['an SQL error rejects', async () => {
    await assert.rejects(
      client.queryAll({ statement: 'SELECT * FROM nope' }),
      (error) => {
        assert.ok(error instanceof AltertableLakehouseError, `expected an SDK error, got ${describe(error)}`);
        // The user must be able to see what went wrong from the error alone.
        assert.match(error.message, /nope/, `the error names the missing table: ${describe(error)}`);
        return true;
      },
    );
  }],

  ['a wrong password is an authentication error', async () => {
    const intruder = new AltertableLakehouseClient({ baseUrl, username, password: `${password}-wrong`, retryPolicy });
    await assert.rejects(
      intruder.queryAll({ statement: 'SELECT 1' }),
      (error) => {
        assert.ok(error instanceof AuthError, `expected AuthError, got ${describe(error)}`);
        assert.equal(error.statusCode, 401);
        return true;
      },
    );
  }],
];

for (const [name, body] of checks) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (error) {
    console.log(`not ok ${name}: ${describe(error)}`);
    process.exit(1);
  }
}
console.log('all checks passed');

function requiredEnvironment(name) {
  const value = process.env[name];
  if (!value) {
    console.log(`not ok environment: ${name} is not set`);
    process.exit(1);
  }
  return value;
}

/** One line that explains an error, with what the server answered when the SDK kept it. */
function describe(error) {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const parts = [`${error.name}: ${error.message}`];
  if (error.statusCode !== undefined) {
    parts.push(`status ${error.statusCode}`);
  }
  if (error.responseBody !== undefined) {
    parts.push(`body ${JSON.stringify(error.responseBody)}`);
  }
  if (error.cause instanceof Error) {
    parts.push(`cause ${error.cause.name}: ${error.cause.message}`);
  }
  return parts.join('; ').replace(/\n/g, ' ');
}
