import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { maxBytesOf } from '../../shared/fields';
import { weComApiDownload } from '../../shared/transport';
import { runPerItem } from './perItem';

/*
 * Media → Download, a custom operation of the declarative node (customOperations in
 * WeCom.node.ts). It goes through `weComApiDownload`, the transport's one path for binary reads
 * (the trigger downloads received media through it too): WeCom answers media/get errors with
 * HTTP 200 and a JSON body, which that function recognises by Content-Type inside the retry loop,
 * so an expired token is refreshed and the download replayed, and an error never becomes a file.
 * As a declarative operation the file would first pass the generic errcode check, which treats
 * every answer as JSON.
 */

function stringAt(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: string,
): string {
	const value = context.getNodeParameter(name, itemIndex, fallback);
	return typeof value === 'string' ? value.trim() : fallback;
}

export async function downloadMedia(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runPerItem(this, async (itemIndex) => {
		const mediaId = stringAt(this, 'mediaId', itemIndex, '');
		const propertyName = stringAt(this, 'binaryPropertyName', itemIndex, 'data') || 'data';
		if (!mediaId) throw new NodeOperationError(this.getNode(), 'Media ID is empty', { itemIndex });
		const timeout = this.getNodeParameter('requestOptions.timeout', itemIndex, 0);
		const download = await weComApiDownload.call(
			this,
			{
				method: 'GET',
				url: '/cgi-bin/media/get',
				qs: { media_id: mediaId },
				timeout: typeof timeout === 'number' && timeout > 0 ? timeout : undefined,
			},
			{ itemIndex, maxBytes: maxBytesOf(this.getNodeParameter('options.maxFileSizeMb', itemIndex, 20)) },
		);
		const mimeType = download.contentType.split(';')[0].trim() || 'application/octet-stream';
		if (mimeType.toLowerCase().includes('json')) {
			// A JSON answer without an errcode is still not the file that was asked for.
			throw new NodeOperationError(this.getNode(), 'WeCom answered with JSON instead of the file', {
				itemIndex,
				description: download.body.toString('utf8').slice(0, 500),
			});
		}
		const fileName = download.fileName || mediaId;
		const binary = await this.helpers.prepareBinaryData(download.body, fileName, mimeType);
		return [
			{
				json: { media_id: mediaId, fileName, mimeType, fileSize: download.body.length },
				binary: { [propertyName]: binary },
			},
		];
	});
}
