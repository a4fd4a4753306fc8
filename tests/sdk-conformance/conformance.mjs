// Drives a running emulator with the official Databricks SDK for JavaScript (a client nobody here wrote).
// Reads DATABRICKS_HOST and DATABRICKS_TOKEN; exits non-zero on the first mismatch.
import { WorkspaceClient } from "@databricks/sdk-experimental";

const host = process.env.DATABRICKS_HOST;
const token = process.env.DATABRICKS_TOKEN;
if (!host || !token) {
  console.error("DATABRICKS_HOST and DATABRICKS_TOKEN must be set");
  process.exit(2);
}

const w = new WorkspaceClient({ host, token, authType: "pat" });
let checks = 0;

function check(condition, what, detail) {
  checks += 1;
  if (!condition) {
    throw new Error(`mismatch: ${what}${detail === undefined ? "" : ` (got ${JSON.stringify(detail)})`}`);
  }
  console.log(`ok ${checks} - ${what}`);
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

async function sql(warehouseId, statement, extra = {}) {
  const response = await w.statementExecution.executeStatement({
    warehouse_id: warehouseId,
    statement,
    wait_timeout: "30s",
    ...extra,
  });
  let current = response;
  while (current.status?.state === "PENDING" || current.status?.state === "RUNNING") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    current = await w.statementExecution.getStatement({ statement_id: response.statement_id });
  }
  if (current.status?.state !== "SUCCEEDED") {
    throw new Error(`statement failed: ${statement.slice(0, 80)}: ${JSON.stringify(current.status)}`);
  }
  return current;
}

async function main() {
  // Warehouses: the emulator has a default one.
  const warehouses = await collect(w.warehouses.list({}));
  check(warehouses.length >= 1, "warehouses.list returns the default warehouse", warehouses.length);
  const warehouseId = warehouses[0].id;

  // A table large enough to span many chunks (the emulator runs with a small chunk size here).
  const rows = 2500;
  await sql(warehouseId, "CREATE TABLE IF NOT EXISTS main.default.sdk_numbers (id BIGINT, label STRING)");
  const values = [];
  for (let i = 0; i < rows; i += 1) {
    values.push(`(${i}, 'n${i}')`);
  }
  await sql(warehouseId, `INSERT INTO main.default.sdk_numbers VALUES ${values.join(", ")}`);

  // JSON_ARRAY, INLINE: read every chunk by index.
  const inline = await sql(warehouseId, "SELECT id, label FROM main.default.sdk_numbers ORDER BY id");
  const manifest = inline.manifest;
  check(manifest.total_row_count === rows, "manifest.total_row_count", manifest.total_row_count);
  check(manifest.total_chunk_count > 1, "result spans several chunks", manifest.total_chunk_count);
  check(manifest.schema.columns.map((c) => c.type_name).join(",") === "LONG,STRING", "schema type names", manifest.schema.columns);
  let seen = inline.result.data_array.length;
  let sum = inline.result.data_array.reduce((acc, r) => acc + Number(r[0]), 0);
  let next = inline.result.next_chunk_index;
  while (next !== undefined && next !== null) {
    const chunk = await w.statementExecution.getStatementResultChunkN({ statement_id: inline.statement_id, chunk_index: next });
    seen += chunk.data_array.length;
    sum += chunk.data_array.reduce((acc, r) => acc + Number(r[0]), 0);
    next = chunk.next_chunk_index;
  }
  check(seen === rows, "every JSON_ARRAY row read across chunks", seen);
  check(sum === (rows * (rows - 1)) / 2, "JSON_ARRAY values intact", sum);

  // ARROW_STREAM, EXTERNAL_LINKS: links download without the Databricks token and refuse it when sent.
  const arrow = await sql(warehouseId, "SELECT id, label FROM main.default.sdk_numbers", {
    disposition: "EXTERNAL_LINKS",
    format: "ARROW_STREAM",
  });
  check(arrow.manifest.format === "ARROW_STREAM", "manifest.format ARROW_STREAM", arrow.manifest.format);
  let bytes = 0;
  let links = 0;
  for (let index = 0; index < arrow.manifest.total_chunk_count; index += 1) {
    const chunk = await w.statementExecution.getStatementResultChunkN({ statement_id: arrow.statement_id, chunk_index: index });
    for (const link of chunk.external_links ?? []) {
      const plain = await fetch(link.external_link, { headers: link.http_headers ?? {} });
      check(plain.status === 200, `external link ${link.chunk_index} downloads without a token`, plain.status);
      bytes += (await plain.arrayBuffer()).byteLength;
      links += 1;
      if (links === 1) {
        const withToken = await fetch(link.external_link, { headers: { Authorization: `Bearer ${token}` } });
        check(withToken.status >= 400 && withToken.status < 500, "external link refuses an Authorization header", withToken.status);
      }
    }
  }
  check(links === arrow.manifest.total_chunk_count, "one external link per chunk", links);
  check(bytes > 0, "Arrow chunks carry bytes", bytes);

  // Jobs: submit a one-time run of the demo SQL notebook and wait for it with the SDK's waiter.
  const submitted = await w.jobs.submit({
    run_name: "sdk-conformance",
    tasks: [
      {
        task_key: "summary",
        notebook_task: { notebook_path: "/Shared/demo/city_summary", base_parameters: { city: "all" } },
      },
    ],
  });
  check(typeof submitted.run_id === "number", "runs/submit returns a run_id", submitted.run_id);
  const run = await submitted.wait({ timeout: undefined });
  check(run.state?.life_cycle_state === "TERMINATED", "run reaches TERMINATED", run.state);
  check(run.state?.result_state === "SUCCESS", "run succeeds", run.state);
  check(run.status?.state === "TERMINATED", "newer status object is TERMINATED", run.status);
  const output = await w.jobs.getRunOutput({ run_id: run.tasks[0].run_id });
  check(output.metadata?.run_id === run.tasks[0].run_id, "get-output names the task run", output.metadata?.run_id);

  // Unity Catalog: catalogs, schemas and tables reflect what SQL created.
  const catalogs = await collect(w.catalogs.list({}));
  check(catalogs.some((c) => c.name === "main"), "catalogs.list includes main", catalogs.map((c) => c.name));
  const schemas = await collect(w.schemas.list({ catalog_name: "main" }));
  check(schemas.some((s) => s.name === "default") && schemas.some((s) => s.name === "demo"), "schemas.list includes default and demo", schemas.map((s) => s.name));
  const tables = await collect(w.tables.list({ catalog_name: "main", schema_name: "default" }));
  check(tables.some((t) => t.name === "sdk_numbers"), "tables.list includes sdk_numbers", tables.map((t) => t.name));
  const table = await w.tables.get({ full_name: "main.default.sdk_numbers" });
  check(table.data_source_format === "DELTA" && table.columns?.length === 2, "tables.get describes the Delta table", table);

  console.log(`sdk conformance: all ${checks} checks held`);
}

main().catch((error) => {
  console.error(error.stack ?? String(error));
  console.log(`sdk conformance: failed after ${checks} checks`);
  process.exit(1);
});
