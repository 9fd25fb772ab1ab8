import { getSheetColumnTitles, getSheetColumns } from './smartSheet';

export * as listSearch from './listSearch';
export const loadOptions = { getSheetColumnTitles };
export const resourceMapping = { getSheetColumns };
