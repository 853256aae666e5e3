import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret a popup tool signs its webhooks with (or Popup's bearer token). Nothing is sent
 * to the tool with it, so there is no request that could test it: the Popup Webhook Trigger
 * tests it instead (`testedBy`), by checking that it is usable for verification. Whether it is
 * the right secret only shows when the first delivery arrives.
 */
export class PopupWebhookSecretApi implements ICredentialType {
	name = 'popupWebhookSecretApi';

	displayName = 'Popup Webhook Secret API';

	icon: Icon = { light: 'file:../icons/popup.svg', dark: 'file:../icons/popup.dark.svg' };

	documentationUrl = 'https://github.com/popup-leads/popup-leads/tree/main/n8n#popup-webhook-secret';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret or Bearer Token',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The webhook signing secret the tool shows for this endpoint (Standard Webhooks: the whsec_… value), or, for Popup in bearer-token mode, the token',
		},
		{
			displayName: 'Second Secret or Token',
			name: 'secondSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. During a rotation, put the new value here: deliveries signed with either value are accepted. Remove the old one when the rotation is done.',
		},
	];
}
