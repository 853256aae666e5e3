import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One Wisepops website's API key. Requests get the header exactly as Wisepops documents it:
 * `Authorization: WISEPOPS-API key="<key>"`.
 */
export class WisepopsApi implements ICredentialType {
	name = 'wisepopsApi';

	displayName = 'Wisepops API';

	icon: Icon = { light: 'file:../icons/wisepops.svg', dark: 'file:../icons/wisepops.dark.svg' };

	documentationUrl = 'https://support.wisepops.com/article/mmtn4vbrhr-wisepops-api-basics';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of the website, from Wisepops > Settings > Email API. Each website has its own key.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			// The core's WISEPOPS_DEFAULT_BASE_URL, written out so the credential stays tiny (tests compare them).
			default: 'https://app.wisepops.com',
			description: 'Leave as is. Only change it to point at a local Wisepops sandbox for testing.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=WISEPOPS-API key="{{$credentials.apiKey}}"',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api2/wisepops',
			method: 'GET',
		},
	};
}
