import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_STREAM_IMAGES, streamImageItem, streamImageProblem } from '../../shared/aiBot/replies';
import { mediaProblem } from '../../shared/aiBot/upload';
import type { AiBotMediaType } from '../../shared/aiBot/upload';

const MEDIA_TYPES: AiBotMediaType[] = ['image', 'file', 'voice', 'video'];

/** The bytes and file name of one binary field of the input item; n8n's error when it is missing. */
export async function binaryFileOf(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
): Promise<{ data: Buffer; fileName: string | undefined }> {
	const binary = context.helpers.assertBinaryData(itemIndex, field);
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	return { data, fileName: binary.fileName };
}

/**
 * Reply's Images (Input Binary Fields): the images as `msg_item` entries for the finishing stream
 * frame (wecom-new-features.md §1.4). Every limit is checked before anything is sent, so a bad
 * image never leaves half an answer.
 */
export async function replyImagesOf(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const fields = String(context.getNodeParameter('images', itemIndex, ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	if (fields.length > MAX_STREAM_IMAGES) {
		throw new NodeOperationError(context.getNode(), `Images lists ${fields.length} binary fields; WeCom shows at most ${MAX_STREAM_IMAGES} images under an answer`, {
			description: `Keep up to ${MAX_STREAM_IMAGES} fields in Images, and send the others with the Send operation (Media).`,
			itemIndex,
		});
	}
	const images: IDataObject[] = [];
	for (const field of fields) {
		const { data, fileName } = await binaryFileOf(context, itemIndex, field);
		const problem = streamImageProblem(data, `The file in binary field "${field}"${fileName ? ` (${fileName})` : ''}`);
		if (problem !== undefined) {
			throw new NodeOperationError(context.getNode(), problem, {
				description: 'Convert it to JPG or PNG of at most 10 MB (e.g. with the Edit Image node), or send it as a file with the Send operation (Media).',
				itemIndex,
			});
		}
		images.push(streamImageItem(data));
	}
	return images;
}

/**
 * Media Type and Input Binary Field (Send's Media, Reply's Attach Media): the file, checked
 * against WeCom's limit for its type before it is uploaded (wecom-new-features.md §2.7).
 */
export async function mediaFileOf(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<{ type: AiBotMediaType; data: Buffer; filename: string }> {
	const requested = context.getNodeParameter('mediaType', itemIndex, 'image');
	const type = MEDIA_TYPES.find((known) => known === requested) ?? 'file';
	const field = String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const { data, fileName } = await binaryFileOf(context, itemIndex, field);
	const problem = mediaProblem(type, data.length);
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), problem, {
			description: 'Send images and videos over 10 MB as a file (up to 20 MB); voice must be AMR of at most 2 MB.',
			itemIndex,
		});
	}
	return { type, data, filename: fileName ?? `${type}.bin` };
}
