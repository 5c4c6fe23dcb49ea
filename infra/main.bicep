// The MFA enrolment bot on Azure (docs/deploy.md): a user-assigned managed identity, Key Vault for the
// secrets, Log Analytics, a Container Apps environment and the bot's container app (HTTPS ingress, health
// probes on /healthz and /readyz, HTTP scale rule), and the Azure Bot resource (single tenant or the managed
// identity itself) with the Microsoft Teams channel. MongoDB (Atlas or Azure Cosmos DB for MongoDB vCore) is
// created outside this template; its connection string is a Key Vault secret.
//
// Deploy in two passes: first with deployApp=false (identity, vault, environment, bot registration), then put
// the secrets into the vault (docs/deploy.md, step 4), then again with deployApp=true.
targetScope = 'resourceGroup'

@description('Short lower-case name the resources are named after, e.g. mfabot-prod (3-16 letters, digits or -).')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Azure region of the resources (the Azure Bot resource itself is global).')
param location string = resourceGroup().location

@description('SingleTenant: the bot signs in as an Entra app registration (botAppId) with a client secret from Key Vault. UserAssignedMSI: the bot signs in as this template\'s managed identity, no secret.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'SingleTenant'

@description('Application (client) id of the bot\'s Entra app registration (SingleTenant). Ignored for UserAssignedMSI.')
param botAppId string = ''

@description('Display name of the bot in Teams and in the Azure portal.')
param botDisplayName string = 'MFA Helper'

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Create the container app. false on the first pass, before the Key Vault secrets exist.')
param deployApp bool = false

@description('The bot image, e.g. myregistry.azurecr.io/mfa-enrolment-bot:1.0.0 (built from the Dockerfile).')
param containerImage string = ''

@description('Login server of the Azure Container Registry holding the image (pulled with the managed identity); empty for a public image.')
param registryServer string = ''

@description('Fewest running instances. 1 keeps the bot warm (reminder campaigns and the exception sweeper run inside it).')
@minValue(1)
param minReplicas int = 1

@description('Most running instances.')
@minValue(1)
@maxValue(10)
param maxReplicas int = 2

@description('Concurrent HTTP requests per instance before another instance is added.')
param concurrentRequestsPerReplica int = 50

@description('TEAMS_SEND_RATE_PER_SECOND: proactive sends per second; see the configuration table in README.md for whether it is per instance or tenant-wide in the version you run (per instance: 50 / maxReplicas).')
@minValue(1)
@maxValue(50)
param teamsSendRatePerSecond int = 25

@description('MONGODB_DB: the database name.')
param mongoDbName string = 'mfa_enrolment_bot'

@description('ORGANISATION_NAME, shown to staff.')
param organisationName string

@description('HELPDESK_EMAIL, where people who are stuck are sent.')
param helpdeskEmail string

@description('MFA_DEADLINE, ISO date such as 2027-03-31T17:00:00 (empty: no deadline).')
param mfaDeadline string = ''

@description('TIMEZONE for times shown to people and campaign sending windows.')
param timezone string = 'Europe/London'

@description('GRAPH_CLIENT_ID of the Microsoft Graph app registration (docs/operations.md); empty leaves Graph off.')
param graphClientId string = ''

@description('Key Vault name (3-24 characters, globally unique). The secrets the app reads are listed in docs/deploy.md.')
@minLength(3)
@maxLength(24)
param keyVaultName string = '${resourceBaseName}-kv'

@description('Object id of the person or group who may write the secrets (Key Vault Secrets Officer); empty to grant it yourself.')
param secretsOfficerObjectId string = ''

var tenantId = tenant().tenantId
var appName = '${resourceBaseName}-app'
var useManagedIdentityForBot = botAppType == 'UserAssignedMSI'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource officerWritesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerObjectId)) {
  scope: vault
  name: guid(vault.id, secretsOfficerObjectId, keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: secretsOfficerObjectId
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (!empty(registryServer)) {
  name: split(registryServer, '.')[0]
}

resource appPullsImage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(registryServer)) {
  scope: registry
  name: guid(registryServer, identity.id, acrPull)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${resourceBaseName}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var publicHost = '${appName}.${environment.properties.defaultDomain}'
var botMicrosoftAppId = useManagedIdentityForBot ? identity.properties.clientId : botAppId

// Every secret comes from Key Vault through the managed identity; none is a parameter of this template.
var secretNames = concat(
  [
    'encryption-key'
    'mongodb-url'
  ],
  useManagedIdentityForBot ? [] : ['microsoft-app-password'],
  empty(graphClientId) ? [] : ['graph-client-secret']
)

var secretEnv = concat(
  [
    {
      name: 'ENCRYPTION_KEY'
      secretRef: 'encryption-key'
    }
    {
      name: 'MONGODB_URL'
      secretRef: 'mongodb-url'
    }
  ],
  useManagedIdentityForBot
    ? []
    : [
        {
          name: 'MICROSOFT_APP_PASSWORD'
          secretRef: 'microsoft-app-password'
        }
      ],
  empty(graphClientId)
    ? []
    : [
        {
          name: 'GRAPH_TENANT_ID'
          value: tenantId
        }
        {
          name: 'GRAPH_CLIENT_ID'
          value: graphClientId
        }
        {
          name: 'GRAPH_CLIENT_SECRET'
          secretRef: 'graph-client-secret'
        }
      ]
)

var plainEnv = [
  {
    name: 'NODE_ENV'
    value: 'production'
  }
  {
    name: 'PORT'
    value: '3978'
  }
  {
    name: 'MICROSOFT_APP_ID'
    value: botMicrosoftAppId
  }
  {
    name: 'MICROSOFT_APP_TYPE'
    value: botAppType
  }
  {
    name: 'MICROSOFT_APP_TENANT_ID'
    value: tenantId
  }
  {
    name: 'ALLOWED_TENANT_IDS'
    value: tenantId
  }
  {
    name: 'MONGODB_DB'
    value: mongoDbName
  }
  {
    name: 'PUBLIC_BASE_URL'
    value: 'https://${publicHost}'
  }
  {
    name: 'ORGANISATION_NAME'
    value: organisationName
  }
  {
    name: 'HELPDESK_EMAIL'
    value: helpdeskEmail
  }
  {
    name: 'MFA_DEADLINE'
    value: mfaDeadline
  }
  {
    name: 'TIMEZONE'
    value: timezone
  }
  {
    name: 'TEAMS_SEND_RATE_PER_SECOND'
    value: string(teamsSendRatePerSecond)
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = if (deployApp) {
  name: appName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    appReadsSecrets
  ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 3978
        transport: 'http'
        allowInsecure: false
      }
      secrets: [
        for name in secretNames: {
          name: name
          keyVaultUrl: '${vault.properties.vaultUri}secrets/${name}'
          identity: identity.id
        }
      ]
      registries: empty(registryServer)
        ? []
        : [
            {
              server: registryServer
              identity: identity.id
            }
          ]
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: containerImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(plainEnv, secretEnv)
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: 3978
              }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 3978
              }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: 3978
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-requests'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequestsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${resourceBaseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppId: botMicrosoftAppId
    msaAppType: botAppType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: useManagedIdentityForBot ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('MICROSOFT_APP_ID for the Teams app package (npm run package).')
output botAppId string = botMicrosoftAppId
@description('PUBLIC_BASE_URL for the Teams app package.')
output publicBaseUrl string = 'https://${publicHost}'
@description('The messaging endpoint the Azure Bot resource points at.')
output messagingEndpoint string = 'https://${publicHost}/api/messages'
@description('The public host, for the Microsoft 365 Agents Toolkit (env/.env.dev).')
output BOT_DOMAIN string = publicHost
@description('The public https address, for the Microsoft 365 Agents Toolkit (env/.env.dev).')
output BOT_ENDPOINT string = 'https://${publicHost}'
@description('The Key Vault, for the Microsoft 365 Agents Toolkit (env/.env.dev).')
output KEY_VAULT_NAME string = vault.name
@description('Where to put the secrets (docs/deploy.md, step 4).')
output keyVaultName string = vault.name
@description('The secrets the container app reads from Key Vault.')
output requiredSecrets array = secretNames
