import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { ownTextField } from '../shared/dataObject';
import { maxBytesOf } from '../shared/fields';
import { API_CREDENTIAL, weComApiDownload } from '../shared/transport';
import { settledWithin } from './boundedWait';

/**
 * The time, from the callback's arrival, within which the media must be downloaded: WeCom waits
 * 5 s for the answer, and n8n still has to create the execution after the download.
 */
export const MEDIA_BUDGET_MS = 3000;

/** Message types whose MediaId names a file in WeCom's temporary media store. */
const MEDIA_MESSAGE_TYPES = new Set(['image', 'voice', 'video', 'file']);

/** Extensions WeCom's media types usually have, for when no file name comes back. */
const EXTENSION_BY_MIME: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'audio/amr': 'amr',
	'voice/amr': 'amr',
	'audio/speex': 'speex',
	'video/mp4': 'mp4',
};

/** The MediaId to fetch for this callback, if it is a media message. */
export function mediaIdOf(message: IDataObject): string | undefined {
	const msgType = ownTextField(message, 'MsgType');
	if (msgType === undefined || !MEDIA_MESSAGE_TYPES.has(msgType)) return undefined;
	const mediaId = ownTextField(message, 'MediaId');
	return mediaId ? mediaId : undefined;
}

/** Fails before anything is answered or recorded, so the setup error is seen on every delivery. */
export function assertApiCredentialSelected(context: IWebhookFunctions): void {
	if (context.getNode().credentials?.[API_CREDENTIAL]) return;
	throw new NodeOperationError(context.getNode(), 'Download Media is on, but no WeCom API credential is selected', {
		description:
			'Downloading the media of image, voice, video and file messages calls WeCom’s media/get API. Select a WeCom API credential (Corp ID and the app’s Secret) in the trigger, or turn Download Media off.',
	});
}

/**
 * Downloads a message's media into a binary property, through the shared WeCom transport, before
 * `deadline` (epoch ms). Past it the download is abandoned with an error: the callback is then
 * not answered 200, and WeCom sends it again.
 */
export async function downloadMedia(
	context: IWebhookFunctions,
	message: IDataObject,
	mediaId: string,
	binaryPropertyName: string,
	deadline: number,
): Promise<IBinaryKeyData> {
	const remaining = Math.max(1, deadline - Date.now());
	const fetched = weComApiDownload.call(
		context,
		{ method: 'GET', url: '/cgi-bin/media/get', qs: { media_id: mediaId }, timeout: remaining },
		{ maxBytes: maxBytesOf(context.getNodeParameter('options.maxFileSizeMb', 20)) },
	);
	const download = await settledWithin(fetched, remaining);
	if (!download.settled) {
		// The abandoned download still settles (its own timeout); nothing may wait for it.
		fetched.catch(() => undefined);
		throw new NodeOperationError(context.getNode(), `WeCom's media/get did not answer within ${MEDIA_BUDGET_MS / 1000} s`, {
			description:
				'The callback was not answered, so WeCom sends it again in a few seconds and the download is tried again. If media downloads keep timing out, turn Download Media off and download the file in the workflow with the WeCom node (Media → Download).',
		});
	}
	const { body, contentType, fileName: sentName } = download.value;
	const mimeType = contentType.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
	const format = ownTextField(message, 'Format');
	const extension = EXTENSION_BY_MIME[mimeType] ?? format ?? 'bin';
	const fileName = sentName ?? `${mediaId}.${extension}`;
	const binary = await context.helpers.prepareBinaryData(body, fileName, mimeType);
	return { [binaryPropertyName]: binary };
}
