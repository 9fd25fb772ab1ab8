import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { ownTextField } from '../shared/dataObject';
import { maxBytesOf } from '../shared/fields';
import { API_CREDENTIAL, weComApiDownload } from '../shared/transport';

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

/** Downloads a message's media into a binary property, through the shared WeCom transport. */
export async function downloadMedia(
	context: IWebhookFunctions,
	message: IDataObject,
	mediaId: string,
	binaryPropertyName: string,
): Promise<IBinaryKeyData> {
	const download = await weComApiDownload.call(
		context,
		{ method: 'GET', url: '/cgi-bin/media/get', qs: { media_id: mediaId } },
		{ maxBytes: maxBytesOf(context.getNodeParameter('options.maxFileSizeMb', 20)) },
	);
	const mimeType = download.contentType.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
	const format = ownTextField(message, 'Format');
	const extension = EXTENSION_BY_MIME[mimeType] ?? format ?? 'bin';
	const fileName = download.fileName ?? `${mediaId}.${extension}`;
	const binary = await context.helpers.prepareBinaryData(download.body, fileName, mimeType);
	return { [binaryPropertyName]: binary };
}
