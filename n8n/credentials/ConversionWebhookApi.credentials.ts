import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The notification's webhook URL is the only thing that authorises a conversion: anyone who
 * has it can post fake conversions. It is kept as a credential (encrypted at rest, never in
 * the workflow JSON) rather than as a node parameter. The Conversion Notification node tests
 * it (`testedBy`) without sending anything: a test request would show a fake conversion to
 * real visitors.
 */
export class ConversionWebhookApi implements ICredentialType {
	name = 'conversionWebhookApi';

	displayName = 'Conversion Notification Webhook API';

	icon: Icon = { light: 'file:../icons/conversion.svg', dark: 'file:../icons/conversion.dark.svg' };

	documentationUrl = 'https://github.com/popup-leads/popup-leads/tree/main/n8n#conversion-notification';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'secretWebhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://api.provesrc.com/webhooks/track/…',
			description: "The notification's webhook URL, shown when you select the notification in the tool",
		},
	];
}
