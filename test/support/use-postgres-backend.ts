/**
 * setupFiles of the `contract-pg` project: each test file of that project sees FerretDB-on-PostgreSQL as its
 * MongoDB (its own copy of process.env, so the `contract` project keeps FerretDB on SQLite). The embedded
 * store's contract runs once, in `contract`; here only the MongoDB side runs.
 */
if (process.env.FERRETDB_PG_URL) {
  process.env.MONGODB_URL = process.env.FERRETDB_PG_URL;
  delete process.env.MONGO_TESTS_UNAVAILABLE;
} else {
  delete process.env.MONGODB_URL;
  process.env.MONGO_TESTS_UNAVAILABLE = '1';
}
process.env.MONGO_TEST_BACKEND = 'FerretDB/PostgreSQL';
process.env.CONTRACT_SKIP_EMBEDDED = '1';
