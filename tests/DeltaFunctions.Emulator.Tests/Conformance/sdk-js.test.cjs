// Conformance: a client nobody here wrote (the official Databricks SDK for JavaScript) against the emulator.
// Needs a running emulator started with --seed-demo (and, to read several chunks, --result-chunk-rows 2), and
// DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_WAREHOUSE_ID, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { WorkspaceClient } = require("@databricks/sdk-experimental");

const host = process.env.DATABRICKS_HOST;
const warehouseId = process.env.DATABRICKS_WAREHOUSE_ID;
const pat = () => new WorkspaceClient({ host, token: process.env.DATABRICKS_TOKEN, authType: "pat" });

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

test("executeStatement and every chunk through getStatementResultChunkN", async () => {
  const w = pat();
  const response = await w.statementExecution.executeStatement({
    statement: "SELECT trip_id, city, distance_km FROM main.demo.trips ORDER BY trip_id",
    warehouse_id: warehouseId,
    wait_timeout: "30s",
  });
  assert.equal(response.status.state, "SUCCEEDED");
  assert.deepEqual(response.manifest.schema.columns.map((c) => c.type_name), ["LONG", "STRING", "DECIMAL"]);
  const rows = [...response.result.data_array];
  for (let index = 1; index < response.manifest.total_chunk_count; index++) {
    const chunk = await w.statementExecution.getStatementResultChunkN({ statement_id: response.statement_id, chunk_index: index });
    assert.equal(chunk.chunk_index, index);
    rows.push(...chunk.data_array);
  }
  assert.equal(rows.length, response.manifest.total_row_count);
  assert.deepEqual(rows.map((r) => r[0]), ["1", "2", "3", "4"]);
  assert.equal(rows[2][2], "12.10");
});

test("EXTERNAL_LINKS chunks download without the Databricks token", async () => {
  const w = pat();
  const response = await w.statementExecution.executeStatement({
    statement: "SELECT trip_id FROM main.demo.trips ORDER BY trip_id",
    warehouse_id: warehouseId,
    wait_timeout: "30s",
    disposition: "EXTERNAL_LINKS",
    format: "JSON_ARRAY",
  });
  assert.equal(response.status.state, "SUCCEEDED");
  const ids = [];
  for (let index = 0; index < response.manifest.total_chunk_count; index++) {
    const data = index === 0 ? response.result : await w.statementExecution.getStatementResultChunkN({ statement_id: response.statement_id, chunk_index: index });
    const link = data.external_links[0];
    const plain = await fetch(link.external_link);
    assert.equal(plain.status, 200);
    ids.push(...(await plain.json()).map((r) => r[0]));
    const withToken = await fetch(link.external_link, { headers: { Authorization: `Bearer ${process.env.DATABRICKS_TOKEN}` } });
    assert.notEqual(withToken.status, 200);
  }
  assert.deepEqual(ids, ["1", "2", "3", "4"]);
});

test("a SQL error is a FAILED statement with its SQLSTATE", async () => {
  const response = await pat().statementExecution.executeStatement({
    statement: "SELECT * FROM main.demo.missing",
    warehouse_id: warehouseId,
    wait_timeout: "30s",
  });
  assert.equal(response.status.state, "FAILED");
  assert.equal(response.status.sql_state, "42P01");
});

test("jobs.submit and wait for the run", async () => {
  const w = pat();
  const waiter = await w.jobs.submit({
    run_name: "sdk-js conformance",
    tasks: [{ task_key: "summary", notebook_task: { notebook_path: "/Shared/demo/city_summary", base_parameters: { city: "all" } } }],
  });
  const run = await waiter.wait();
  assert.equal(run.state.life_cycle_state, "TERMINATED");
  assert.equal(run.state.result_state, "SUCCESS");
  const output = await w.jobs.getRunOutput({ run_id: run.tasks[0].run_id });
  assert.equal(JSON.parse(output.notebook_output.result).length, 3);
});

test("a missing run is the SDK's does-not-exist error", async () => {
  await assert.rejects(pat().jobs.getRun({ run_id: 1 }), (e) => {
    assert.equal(e.errorCode, "INVALID_PARAMETER_VALUE");
    assert.match(e.message, /Run 1 does not exist/);
    return true;
  });
});

test("list catalogs, schemas and tables", async () => {
  const w = pat();
  const catalogs = await collect(w.catalogs.list({}));
  assert.ok(catalogs.some((c) => c.name === "main"));
  const schemas = await collect(w.schemas.list({ catalog_name: "main" }));
  assert.ok(schemas.some((s) => s.full_name === "main.demo"));
  const tables = await collect(w.tables.list({ catalog_name: "main", schema_name: "demo" }));
  const trips = tables.find((t) => t.name === "trips");
  assert.ok(trips);
  assert.equal(trips.data_source_format, "DELTA");
  assert.deepEqual(trips.columns.map((c) => c.name), ["trip_id", "city", "distance_km", "started_at"]);
});

test("OAuth M2M client credentials", async (t) => {
  if (!process.env.DATABRICKS_CLIENT_ID) {
    t.skip("DATABRICKS_CLIENT_ID not set");
    return;
  }
  const w = new WorkspaceClient({
    host,
    clientId: process.env.DATABRICKS_CLIENT_ID,
    clientSecret: process.env.DATABRICKS_CLIENT_SECRET,
    authType: "oauth-m2m",
  });
  const warehouse = await w.warehouses.get({ id: warehouseId });
  assert.equal(warehouse.state, "RUNNING");
});
