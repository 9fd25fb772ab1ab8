import type { AiBotConnection } from './connection';

/*
 * The long connections this n8n process holds, by bot ID. WeCom keeps one connection per bot
 * (wecom-new-features.md §2.5), and n8n itself opens two for one workflow while its published
 * version runs and someone clicks "Listen for test event" in the editor. The registry lets them
 * take turns instead of kicking each other for good: the newest holder owns the bot, an older one
 * that WeCom disconnects waits here until the newer one is released, then reconnects. It also
 * finds the live connection for the WeCom AI Bot node's proactive Send.
 */

export interface ConnectionHolder {
	botId: string;
	/** Who holds it, for messages: 'the published workflow "X"' or 'the test listener of "X"'. */
	label: string;
	connection: AiBotConnection;
	/** Resolves when release() is called for this holder. */
	released: Promise<void>;
	/**
	 * Set when a newer holder in this process claimed the bot: the disconnected_event that follows
	 * is that holder's doing, even if it has already let go again by the time it is handled.
	 */
	displaced: boolean;
}

interface Entry extends ConnectionHolder {
	markReleased: () => void;
}

const holdersByBot = new Map<string, Entry[]>();

/** Records a holder as the newest one for its bot. */
export function claimBot(botId: string, label: string, connection: AiBotConnection): ConnectionHolder {
	let markReleased: () => void = () => undefined;
	const released = new Promise<void>((resolve) => (markReleased = resolve));
	const entry: Entry = { botId, label, connection, released, markReleased, displaced: false };
	const list = holdersByBot.get(botId) ?? [];
	for (const older of list) older.displaced = true;
	list.push(entry);
	holdersByBot.set(botId, list);
	return entry;
}

export function releaseBot(holder: ConnectionHolder): void {
	const list = holdersByBot.get(holder.botId) ?? [];
	const index = list.findIndex((entry) => entry === holder);
	if (index === -1) return;
	const [entry] = list.splice(index, 1);
	if (list.length === 0) holdersByBot.delete(holder.botId);
	entry.markReleased();
}

/** Holders of the bot that claimed it after `holder` and still hold it. */
export function newerHolders(holder: ConnectionHolder): ConnectionHolder[] {
	const list = holdersByBot.get(holder.botId) ?? [];
	const index = list.findIndex((entry) => entry === holder);
	return index === -1 ? [] : list.slice(index + 1);
}

/** Other holders of the same bot in this process, oldest first. */
export function otherHolders(botId: string, except?: ConnectionHolder): ConnectionHolder[] {
	return (holdersByBot.get(botId) ?? []).filter((entry) => entry !== except);
}

/** The connection that currently owns the bot in this process: the newest open one. */
export function liveConnection(botId: string): AiBotConnection | undefined {
	const list = holdersByBot.get(botId) ?? [];
	for (let index = list.length - 1; index >= 0; index--) {
		if (list[index].connection.isOpen) return list[index].connection;
	}
	return undefined;
}
