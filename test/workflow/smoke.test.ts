import { startApiHarness, jsonOf } from '../support/weCom';
import type { ApiHarness } from '../support/weCom';

let harness: ApiHarness;
beforeAll(async () => {
	harness = await startApiHarness();
});
afterAll(async () => await harness.close());

test('user get', async () => {
	const result = await harness.run({ resource: 'user', operation: 'get', userId: { mode: 'id', value: 'lisi' } });
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)).toEqual([expect.objectContaining({ userid: 'lisi', name: 'Li Si' })]);
	expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(1);
});
