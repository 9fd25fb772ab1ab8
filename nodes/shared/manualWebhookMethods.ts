import type { IHookFunctions } from 'n8n-workflow';

/**
 * webhookMethods for a callback URL that is entered by hand in WeCom's admin console: there is
 * nothing to register, check or delete on WeCom's side.
 */
export const manualWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
