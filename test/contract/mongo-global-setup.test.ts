import mongoGlobalSetup from '../support/mongo-global-setup';

jest.mock('../support/ferretdb', () => ({
  ...jest.requireActual('../support/ferretdb'),
  findFerretDbBinary: () => undefined,
}));

describe('mongo-global-setup without a ferretdb binary', () => {
  const saved = { ...process.env };
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    delete process.env.MONGODB_URL;
    delete process.env.MONGO_TESTS_UNAVAILABLE;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    process.env = { ...saved };
  });

  it('when CI=true, then setup fails and says how to build FerretDB', async () => {
    process.env.CI = 'true';
    await expect(mongoGlobalSetup()).rejects.toThrow(
      /go install github\.com\/FerretDB\/FerretDB\/cmd\/ferretdb@v1\.24\.2/,
    );
    expect(process.env.MONGO_TESTS_UNAVAILABLE).toBeUndefined();
  });

  it('when run locally, then it prints a loud notice and marks the MongoDB tests unavailable', async () => {
    delete process.env.CI;
    await mongoGlobalSetup();
    expect(process.env.MONGO_TESTS_UNAVAILABLE).toBe('1');
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/MongoDB tests are SKIPPED/);
  });

  it('when MONGODB_URL is already set, then it is reused and nothing is started', async () => {
    process.env.MONGODB_URL = 'mongodb://127.0.0.1:1/';
    process.env.CI = 'true';
    await expect(mongoGlobalSetup()).resolves.toBeUndefined();
    expect(process.env.MONGODB_URL).toBe('mongodb://127.0.0.1:1/');
  });
});
