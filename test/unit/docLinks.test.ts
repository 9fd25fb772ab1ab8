/**
 * Every documentation link of the package lands on a real heading of the README: the nodes' Docs
 * links, the codex links, the credentials' "Open docs" links and any other link in the sources.
 * n8n appends "?utm_source=…" to a codex URL after its "#…", so the anchor is read up to a "?".
 */
import { PackageDirectoryLoader } from 'n8n-core';

import { README_URL, readmeAnchors, readmeLinksInSources, slugOf } from '../support/readme';

const anchors: Set<string> = readmeAnchors();

/** The README anchor a link opens, or why it opens none. */
function anchorOf(url: string): string {
	if (!url.startsWith(`${README_URL}#`)) return `not a link into the README: ${url}`;
	const fragment = decodeURIComponent(url.slice(README_URL.length + 1).split('?')[0]);
	return anchors.has(fragment) ? fragment : `no README heading "#${fragment}"`;
}

function expectReadmeHeading(url: string | undefined) {
	expect(url).toEqual(expect.any(String));
	const anchor = anchorOf(url ?? '');
	expect(anchors.has(anchor) ? anchor : `${url}: ${anchor}`).toBe(anchor);
}

test('GitHub’s anchors are computed the way GitHub does', () => {
	expect(slugOf('The demo: `npm start`')).toBe('the-demo-npm-start');
	expect(slugOf('A group bot (the WeCom Group Bot Webhook API credential)')).toBe('a-group-bot-the-wecom-group-bot-webhook-api-credential');
	expect(slugOf('Troubleshooting (60020, 48009)')).toBe('troubleshooting-60020-48009');
});

describe('as n8n loads the package', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader('.');
		await loader.loadAll();
	});

	test('each node’s Docs link opens its README section, unchanged by n8n', () => {
		for (const { type } of Object.values(loader.nodeTypes)) {
			const { description } = type;
			// n8n shows documentationUrl as it is when it starts with http
			expect({ node: description.name, http: description.documentationUrl?.startsWith('https://') }).toEqual({ node: description.name, http: true });
			expectReadmeHeading(description.documentationUrl);
		}
	});

	test('each node’s codex links open a README section, also with n8n’s ?utm… appended', () => {
		for (const { type } of Object.values(loader.nodeTypes)) {
			const { codex } = type.description;
			const links = [...(codex?.resources?.primaryDocumentation ?? []), ...(codex?.resources?.credentialDocumentation ?? [])];
			expect(links.length).toBeGreaterThanOrEqual(1);
			for (const { url } of links) {
				expectReadmeHeading(url);
				expectReadmeHeading(`${url}?utm_source=n8n_app&utm_medium=node_settings_modal-credential_link`);
			}
		}
	});

	test('each credential’s “Open docs” link opens its README section', () => {
		for (const { type } of Object.values(loader.credentialTypes)) expectReadmeHeading(type.documentationUrl);
	});
});

test('every link into the README written in the package’s sources lands on a heading', () => {
	const links = readmeLinksInSources();
	expect(links.length).toBeGreaterThanOrEqual(9);
	for (const { file, url } of links) expect({ file, anchor: anchorOf(url) }).toEqual({ file, anchor: expect.not.stringMatching(/^(no README heading|not a link)/) });
});
