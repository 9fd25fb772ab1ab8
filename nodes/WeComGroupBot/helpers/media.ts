import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { MIN_UPLOAD_BYTES, binaryInputOf, multipartFromBinary, sniffFileKind } from '../../shared/binaryFile';
import type { BinaryInput } from '../../shared/binaryFile';
import { FILE_MAX_BYTES, IMAGE_MAX_BYTES, VOICE_MAX_BYTES, formatBytes } from './limits';
import type { MediaType, MediaUpload } from './types';

/*
 * Binary input for image, file and voice messages. WeCom's size rule is checked from the stored
 * size before the file is read, and the format from the file's first bytes (not its name or MIME
 * type), so a file WeCom would refuse never leaves n8n.
 */

interface LabelledInput extends BinaryInput {
	label: string;
}

async function binaryInput(context: IExecuteSingleFunctions, propertyName: string): Promise<LabelledInput> {
	const name = propertyName.trim();
	if (name === '') {
		throw new NodeOperationError(context.getNode(), 'No input binary field is set', {
			itemIndex: context.getItemIndex(),
			description: 'Enter the name of the binary field that holds the file, usually "data".',
		});
	}
	const input = await binaryInputOf(context, name);
	const label = `"${input.binary.fileName ?? name}" (${input.binary.mimeType || 'unknown type'})`;
	return { ...input, label };
}

/** The `image` object of an image message: the raw bytes in base64 and their md5 in hex. */
export async function imagePayload(
	context: IExecuteSingleFunctions,
	propertyName: string,
): Promise<{ base64: string; md5: string }> {
	const itemIndex = context.getItemIndex();
	const input = await binaryInput(context, propertyName);
	if (input.size > IMAGE_MAX_BYTES) {
		throw new NodeOperationError(
			context.getNode(),
			`The image is ${formatBytes(input.size)}, over WeCom’s limit of 2 MB for group bot images`,
			{
				itemIndex,
				description: `Resize or compress ${input.label} first; the limit applies before base64 encoding.`,
			},
		);
	}
	const bytes = await input.access.readBuffer();
	const kind = sniffFileKind(bytes.subarray(0, 16));
	if (kind !== 'jpeg' && kind !== 'png') {
		throw new NodeOperationError(context.getNode(), 'The image is not a JPG or PNG file', {
			itemIndex,
			description: `Group bots send JPG and PNG images only, judged by the file’s content; ${input.label} is neither. Convert it first, e.g. with the Edit Image node.`,
		});
	}
	return {
		base64: bytes.toString('base64'),
		md5: createHash('md5').update(bytes).digest('hex'),
	};
}

const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; label: string }> = {
	file: { maxBytes: FILE_MAX_BYTES, label: '20 MB' },
	voice: { maxBytes: VOICE_MAX_BYTES, label: '2 MB' },
};

/**
 * Checks binary data against WeCom's rules for webhook/upload_media and builds the upload body
 * (the shared multipart builder: part `media` with `filename` and `filelength`). Sends nothing.
 */
export async function mediaUpload(
	context: IExecuteSingleFunctions,
	type: MediaType,
	propertyName: string,
	fileNameOverride: string | undefined,
): Promise<MediaUpload> {
	const node = context.getNode();
	const itemIndex = context.getItemIndex();
	const input = await binaryInput(context, propertyName);
	const { maxBytes, label } = MEDIA_LIMITS[type];
	if (input.size < MIN_UPLOAD_BYTES) {
		throw new NodeOperationError(node, `The ${type} is ${formatBytes(input.size)}; WeCom needs more than 5 bytes`, {
			itemIndex,
		});
	}
	if (input.size > maxBytes) {
		throw new NodeOperationError(
			node,
			`The ${type} is ${formatBytes(input.size)}, over WeCom’s limit of ${label} for group bot ${type}s`,
			{ itemIndex, description: `${input.label} is too large to send through a group bot.` },
		);
	}
	const fallbackName = type === 'voice' ? 'voice.amr' : 'file';
	const fileName = (fileNameOverride ?? '').trim() || input.binary.fileName || fallbackName;
	const multipart = await multipartFromBinary(input.access, input.binary, input.size, {
		fieldName: 'media',
		fileName,
	});
	const head = multipart.body.subarray(multipart.fileOffset, multipart.fileOffset + 16);
	if (type === 'voice' && sniffFileKind(head) !== 'amr') {
		throw new NodeOperationError(node, 'The voice clip is not an AMR file', {
			itemIndex,
			description: `WeCom plays group bot voice messages in AMR format only (at most 60 seconds); ${input.label} is not AMR. Convert it first, or send it as a file.`,
		});
	}
	return { type, fileName, size: input.size, multipart };
}
