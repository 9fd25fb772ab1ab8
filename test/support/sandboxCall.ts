/**
 * One HTTP call to a sandbox's own routes (the page's /ui/… and the /__sandbox/… control API),
 * a JSON body when there is one. The answer's text, and its JSON when the text is an object.
 */
export async function sandboxCall(baseUrl: string, method: string, path: string, body?: unknown) {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}
