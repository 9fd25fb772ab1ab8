import type { INodeProperties } from 'n8n-workflow';

import { transportCarrier } from '../../shared/fields';
import type { Planner } from '../helpers/types';
import * as send from './send/Send.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as uploadMedia from './uploadMedia.operation';

const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [send.option, uploadMedia.option, sendAndWait.option],
	default: 'send',
};

export const groupBotProperties: INodeProperties[] = [
	transportCarrier,
	operationSelector,
	...send.description,
	...uploadMedia.description,
	...sendAndWait.description,
];

/** What turns an item's routed body into the requests to make, per operation and msgtype. */
export function plannerFor(operation: string, msgtype: string | undefined): Planner | undefined {
	if (operation === 'uploadMedia') return uploadMedia.plan;
	if (operation === 'send' && msgtype !== undefined) return send.messagePlanners[msgtype];
	return undefined;
}
