// The local Cosmos server answers a partition-keyed query from that partition only, as Cosmos does.
import { scopeQuery } from '../../infra/local/cosmos/partitionScope';

describe('scopeQuery', () => {
  it('adds the partition predicate before any WHERE and keeps ORDER BY', () => {
    expect(scopeQuery('SELECT * FROM c ORDER BY c.at DESC', '/tenantId')).toBe(
      'SELECT * FROM c WHERE c.tenantId = @__partitionKey ORDER BY c.at DESC',
    );
    expect(scopeQuery("SELECT * FROM c WHERE c.type = 'grant' OR c.x = 1", '/tenantId')).toBe(
      "SELECT * FROM c WHERE c.tenantId = @__partitionKey AND (c.type = 'grant' OR c.x = 1)",
    );
    expect(scopeQuery('SELECT * FROM c WHERE c.dueAt <= @now ORDER BY c.id', '/bucket')).toBe(
      'SELECT * FROM c WHERE c.bucket = @__partitionKey AND (c.dueAt <= @now) ORDER BY c.id',
    );
  });
  it('leaves shapes it does not know alone', () => {
    expect(scopeQuery('SELECT * FROM c JOIN t IN c.tags', '/id')).toBeUndefined();
  });
});
