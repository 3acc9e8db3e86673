# Products for new users (licences page) and bulk changes.
portal-template-title = Produtos para novos utilizadores
portal-template-intro = Atribuídos a cada utilizador criado sem produtos (no portal, através da API, numa importação CSV sem coluna de produtos ou numa criação SCIM de um fornecedor de identidade sem direitos), se houver licenças disponíveis.
portal-template-none = Nenhum
