import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { endpointPathOf } from './repeatSafety';

/*
 * The error for a call that is not safe to repeat (repeatSafety.ts) and failed in a way that does
 * not prove WeCom ignored it: a timeout after the request was sent, HTTP 5xx, a connection reset
 * after the body was written. The transport does not repeat such a call, so nothing is done
 * twice; this error says so, what may have happened, and how to check before running it again.
 */

interface Consequence {
	/** What may have happened, e.g. "the message may have been sent". */
	happened: string;
	/** How the user finds out. */
	check: string;
}

const DUPLICATE_CHECK =
	'Before running the item again, turn on Options → Check for Duplicates (enable_duplicate_check): WeCom then drops an identical message sent within the interval, so a repeat cannot arrive twice.';

const CONSEQUENCES: Record<string, Consequence> = {
	'/cgi-bin/message/send': {
		happened: 'the message may have been delivered',
		check: `Check the recipient’s WeCom, or the app’s count of sent messages (Make an API Call: POST /cgi-bin/message/get_statistics). ${DUPLICATE_CHECK}`,
	},
	'/cgi-bin/appchat/send': {
		happened: 'the message may have been posted to the group chat',
		check: 'Check the group chat before running the item again.',
	},
	'/cgi-bin/webhook/send': {
		happened: 'the message may have been posted to the group chat',
		check: 'Check the group chat before running the item again. A group bot has no duplicate check, so a repeat would post twice.',
	},
	'/cgi-bin/message/update_template_card': {
		happened: 'the card may have been updated',
		check: 'Look at the card in the recipient’s WeCom before updating it again.',
	},
	'/cgi-bin/message/recall': {
		happened: 'the message may have been recalled',
		check: 'Check the recipient’s WeCom; recalling it again answers an error if it is already gone.',
	},
};

/** For creates, deletes and other changes not listed above. */
const CHANGE: Consequence = {
	happened: 'WeCom may have made the change',
	check: 'Check the result in the WeCom admin console (or read it back with a Get operation) before running the item again.',
};

const UPLOAD: Consequence = {
	happened: 'the file may have been uploaded',
	check: 'Running the item again uploads it once more under a new media ID; the first upload, if it arrived, expires unused.',
};

function consequenceOf(path: string): Consequence {
	const known = CONSEQUENCES[path];
	if (known) return known;
	return /upload/.test(path) ? UPLOAD : CHANGE;
}

/** Builds the unknown-outcome error for a call to `url` that failed for `reason`. */
export function unknownOutcomeError(
	node: INode,
	url: string | undefined,
	reason: string,
	itemIndex?: number,
): NodeApiError {
	const path = endpointPathOf(url);
	const { happened, check } = consequenceOf(path);
	const message = `No answer from WeCom (${reason}): ${happened}`;
	const description = [
		`The outcome of ${path || 'this call'} is unknown. The node does not repeat a call like this on its own, so it is never done twice.`,
		check,
	].join('\n');
	const body: JsonObject = { message, outcome: 'unknown', path };
	const error = new NodeApiError(node, body, { message, description, itemIndex });
	error.context.outcome = 'unknown';
	return error;
}

/** Whether an error is the unknown-outcome error above. */
export function isUnknownOutcome(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.outcome === 'unknown';
}
