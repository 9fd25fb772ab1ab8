/*
 * The WebSocket client a strict community node may use: the global, browser-style `WebSocket`
 * that Node has without a flag since 22 (undici). n8n 2.41 runs on Node 24, so it is there; the
 * package cannot ship `ws`. @types/node 20 does not declare it, hence the small local type with
 * only what this package uses.
 */

export interface WebSocketMessageEvent {
	data: unknown;
}

export interface WebSocketCloseEvent {
	code: number;
	reason: string;
}

export interface WebSocketLike {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: 'open' | 'error', listener: () => void): void;
	addEventListener(type: 'message', listener: (event: WebSocketMessageEvent) => void): void;
	addEventListener(type: 'close', listener: (event: WebSocketCloseEvent) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** readyState of an open socket, the same in every WebSocket implementation. */
export const WEB_SOCKET_OPEN = 1;

// The global of the running Node, if it has one; the identifier is never bound in this module.
declare const WebSocket: WebSocketConstructor | undefined;

/** Node's global WebSocket client, or undefined on a Node without one (before 22). */
export function globalWebSocket(): WebSocketConstructor | undefined {
	return typeof WebSocket === 'undefined' ? undefined : WebSocket;
}
