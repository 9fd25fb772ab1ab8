import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/*
 * What stays the same for every item of one run of a node: the credentials its requests are
 * authenticated with (and redacted by), and the node's Request Options → Timeout. In real n8n
 * every getCredentials() is a database read plus a decrypt, and the transport needed the
 * credentials two or three times per item (to authenticate, to redact the output, for the base
 * URL): more CPU than the request itself when 1,000 items run (bench 2d, profiled). The router
 * opens a session for its run; the transport reads through it when one is open, and reads the
 * context as before when none is (triggers, list searches, custom operations).
 *
 * A token refresh changes the credentials. Each cached read carries the token generation it was
 * read at (transport.ts bumps the generation after every refresh in this process), and a read at
 * another generation reads the store again. A token that n8n's preAuthentication fetches during
 * a request lands in the very object the session holds (n8n assigns it there), so it is sent and
 * redacted from then on without another read.
 */

export interface RequestSession {
	/** Request Options → Timeout of this run (ms), when the user set one. */
	readonly userTimeout: number | undefined;
	/**
	 * The credentials of `type`, read once per token generation: the same object for every caller
	 * of that generation. A failed read is not kept, so the next caller tries again.
	 */
	credentials(
		type: string,
		generation: number,
		read: () => Promise<ICredentialDataDecryptedObject>,
	): Promise<ICredentialDataDecryptedObject>;
}

interface CachedRead {
	generation: number;
	value: Promise<ICredentialDataDecryptedObject>;
}

class RunSession implements RequestSession {
	private readonly reads = new Map<string, CachedRead>();

	constructor(readonly userTimeout: number | undefined) {}

	async credentials(
		type: string,
		generation: number,
		read: () => Promise<ICredentialDataDecryptedObject>,
	): Promise<ICredentialDataDecryptedObject> {
		const cached = this.reads.get(type);
		if (cached && cached.generation === generation) return await cached.value;
		const value = read();
		const entry = { generation, value };
		this.reads.set(type, entry);
		value.catch(() => {
			if (this.reads.get(type) === entry) this.reads.delete(type);
		});
		return await value;
	}
}

/** Keyed by the run's execution context; per-item views are objects created over it. */
const sessions = new WeakMap<object, RequestSession>();

/** How many prototypes a per-item view may sit above the run's context (itemContext.ts uses one). */
const MAX_VIEW_DEPTH = 4;

/** Opens the session of one run of a node; it ends with the context (nothing to close). */
export function openRequestSession(context: object, userTimeout: number | undefined): RequestSession {
	const session = new RunSession(userTimeout);
	sessions.set(context, session);
	return session;
}

/** The session of the run this context (or a per-item view over it) belongs to, if one is open. */
export function requestSessionOf(context: object): RequestSession | undefined {
	let current: unknown = context;
	for (let depth = 0; depth <= MAX_VIEW_DEPTH && typeof current === 'object' && current !== null; depth++) {
		const session = sessions.get(current);
		if (session) return session;
		current = Object.getPrototypeOf(current);
	}
	return undefined;
}
