import type { IDataObject } from 'n8n-workflow';

/*
 * Callback mode's streams (wecom-new-features.md §1.5): after the first answer WeCom polls the
 * callback URL with refresh callbacks for the stream's id, and each answer carries the whole text
 * so far. The refresh is answered by the webhook, the answer is made by the workflow: when both
 * run in one n8n process (regular mode), they meet here. A workflow that runs elsewhere (a queue
 * worker) cannot reach this memory and answers through response_url instead.
 */

export interface StreamState {
	content: string;
	finished: boolean;
	createdAt: number;
	/** The closing text once the workflow has answered (or the trigger gave up waiting). */
	feedbackId?: string;
	/** msg_item images for the finishing answer (replies.ts streamImageItem). */
	images?: IDataObject[];
}

/** WeCom stops polling 6 minutes after the message; keep entries a little longer. */
const STREAM_TTL_MS = 10 * 60 * 1000;
const MAX_STREAMS = 10_000;

export class StreamStore {
	private readonly streams = new Map<string, StreamState>();

	constructor(private readonly now: () => number = Date.now) {}

	open(id: string, placeholder: string): StreamState {
		this.evict();
		const state: StreamState = { content: placeholder, finished: false, createdAt: this.now() };
		this.streams.set(id, state);
		while (this.streams.size > MAX_STREAMS) {
			const oldest = this.streams.keys().next().value;
			if (oldest === undefined) break;
			this.streams.delete(oldest);
		}
		return state;
	}

	get(id: string): StreamState | undefined {
		this.evict();
		return this.streams.get(id);
	}

	/** Sets the final text. False when this process does not know the stream (or it is closed). */
	finish(id: string, content: string, feedbackId?: string, images: IDataObject[] = []): boolean {
		const state = this.get(id);
		if (state === undefined || state.finished) return false;
		state.content = content;
		state.finished = true;
		if (feedbackId) state.feedbackId = feedbackId;
		if (images.length > 0) state.images = images;
		return true;
	}

	private evict(): void {
		const cutoff = this.now() - STREAM_TTL_MS;
		for (const [id, state] of this.streams) {
			if (state.createdAt > cutoff) break;
			this.streams.delete(id);
		}
	}
}

/** One store per n8n process, shared by the trigger's webhook and the WeCom AI Bot node. */
export const aiBotStreams = new StreamStore();
