import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DEFAULT_AI_BOT_WS_URL } from '../shared/aiBot/frames';
import { isDataObject } from '../shared/dataObject';
import type { TurnSettings } from './turns';

export const AI_BOT_CREDENTIAL = 'weComAiBotApi';

export interface AiBotCredentials {
	botId: string;
	secret: string;
	url: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function aiBotCredentialsOf(credentials: ICredentialDataDecryptedObject): AiBotCredentials {
	return {
		botId: text(credentials.botId),
		secret: text(credentials.secret),
		url: text(credentials.url) || DEFAULT_AI_BOT_WS_URL,
	};
}

export interface TriggerOptions extends TurnSettings {
	downloadMedia: boolean;
	binaryPropertyName: string;
}

/** The trigger's parameters, read through one function so both connection modes agree. */
export function triggerOptionsOf(read: (name: string, fallback: unknown) => unknown): TriggerOptions {
	const raw = read('options', {});
	const options: IDataObject = isDataObject(raw) ? raw : {};
	const minutes = Number(options.answerTimeout ?? 30);
	const noAnswer = typeof options.noAnswerText === 'string' ? options.noAnswerText : '';
	return {
		placeholder: text(read('placeholder', 'Thinking…')),
		welcomeText: text(read('welcomeText', '')),
		noAnswerText: noAnswer.trim() || 'Sorry, I have no answer this time.',
		answerTimeoutMs: (Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, 60) : 30) * 60_000,
		downloadMedia: read('downloadMedia', true) === true,
		binaryPropertyName: text(options.binaryPropertyName) || 'data',
	};
}
