import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { imagePayload } from '../../helpers/media';
import type { Planner } from '../../helpers/types';
import { binaryPropertyField } from '../../../shared/fields';

export const option: INodePropertyOptions = {
	name: 'Image',
	value: 'image',
	description: 'A JPG or PNG image of up to 2 MB from binary data',
};

const fields: INodeProperties[] = [binaryPropertyField('A JPG or PNG image of at most 2 MB')];

export const description = updateDisplayOptions(
	{ show: { operation: ['send'], messageType: ['image'] } },
	fields,
);

/** WeCom takes the image inline: its bytes in base64 and their md5. */
export const plan: Planner = async (context, body) => {
	const propertyName = String(context.getNodeParameter('binaryPropertyName', 'data'));
	return { messages: [{ ...body, image: await imagePayload(context, propertyName) }] };
};
