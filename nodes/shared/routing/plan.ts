import { NodeHelpers } from 'n8n-workflow';
import type {
	INode,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';

import { isDataObject } from '../dataObject';

/*
 * Which parameters shape this execution's requests. Whether a field is shown, which option is
 * chosen, which collection entries exist: all of that depends on the node's raw parameters,
 * which are the same for every item, so it is worked out once per execution instead of once per
 * item and property. Values are read per item later (runOperation.ts).
 */

/** One parameter (or chosen option) that carries `routing`. */
export interface RoutingStep {
	routing: NonNullable<INodeProperties['routing']>;
	/** The parameter to read for $value; none for an option of an options parameter. */
	path?: string;
	/**
	 * Whether the routing uses the value (sends it, limits by it, or hands it to postReceive). A
	 * field that only adds a preSend or an operation is not read: its code reads what it needs.
	 */
	readsValue: boolean;
	extractValue: boolean;
	/** The entry index inside a fixedCollection ($index). */
	index?: number;
	/** The parameter path of that entry ($parent). */
	entryPath?: string;
}

type AnyProperty = INodeProperties | INodePropertyOptions;

function hasType(property: AnyProperty): property is INodeProperties {
	return 'type' in property && typeof property.type === 'string';
}

function isPropertyList(options: unknown): options is INodeProperties[] {
	return Array.isArray(options) && options.every((option) => isDataObject(option) && 'type' in option);
}

function isCollectionGroupList(options: unknown): options is INodePropertyCollection[] {
	return Array.isArray(options) && options.every((option) => isDataObject(option) && Array.isArray(option.values));
}

function isOptionList(options: unknown): options is INodePropertyOptions[] {
	return Array.isArray(options) && options.every((option) => isDataObject(option) && 'value' in option);
}

function valueAt(node: INode, name: string, parentPath: string): unknown {
	return NodeHelpers.getParameterValueByPath(node.parameters, name, parentPath);
}

function visit(
	property: AnyProperty,
	node: INode,
	parentPath: string,
	steps: RoutingStep[],
	index: number | undefined,
	entryPath: string | undefined,
): void {
	const shown = NodeHelpers.displayParameter(node.parameters, property, node, null, node.parameters);
	if (!shown) return;
	const ownPath = parentPath ? `${parentPath}.${property.name}` : property.name;
	if (property.routing) {
		steps.push({
			routing: property.routing,
			path: hasType(property) ? ownPath : undefined,
			readsValue: usesValue(property.routing),
			extractValue: hasType(property) && (property.extractValue !== undefined || property.type === 'resourceLocator'),
			index,
			entryPath,
		});
	}
	if (!hasType(property) || !('options' in property)) return;
	const { options } = property;
	if (property.type === 'options' && isOptionList(options)) {
		const chosen: unknown = valueAt(node, property.name, parentPath);
		const option = options.find((candidate) => candidate.value === chosen);
		if (option) visit(option, node, ownPath, steps, index, entryPath);
	} else if (property.type === 'collection' && isPropertyList(options)) {
		const value = valueAt(node, property.name, parentPath);
		const present = isDataObject(value) ? Object.keys(value) : [];
		for (const child of options) {
			if (present.includes(child.name)) visit(child, node, ownPath, steps, index, entryPath);
		}
	} else if (property.type === 'fixedCollection' && isCollectionGroupList(options)) {
		for (const group of options) {
			const raw = valueAt(node, group.name, ownPath);
			if (raw === undefined) continue;
			const entries = Array.isArray(raw) ? raw : [raw];
			const groupPath = `${ownPath}.${group.name}`;
			entries.forEach((_entry, entryIndex) => {
				const entryPath = property.typeOptions?.multipleValues ? `${groupPath}[${entryIndex}]` : groupPath;
				for (const child of group.values) visit(child, node, entryPath, steps, entryIndex, entryPath);
			});
		}
	}
}

function usesValue(routing: RoutingStep['routing']): boolean {
	return (
		routing.send?.property !== undefined ||
		typeof routing.output?.maxResults === 'string' ||
		(routing.output?.postReceive?.length ?? 0) > 0
	);
}

/** The routing steps of this execution, in the order n8n's RoutingNode applies them. */
export function planRouting(node: INode, properties: INodeProperties[]): RoutingStep[] {
	const steps: RoutingStep[] = [];
	for (const property of properties) visit(property, node, '', steps, undefined, undefined);
	return steps;
}

