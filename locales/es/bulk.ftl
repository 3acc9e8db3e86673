# Products for new users (licences page) and bulk changes.
portal-template-title = Productos para usuarios nuevos
portal-template-intro = Se asignan a cada usuario creado sin productos (en el portal, mediante la API, con una importación CSV sin columna de productos o con una creación SCIM de un proveedor de identidad sin derechos), si hay licencias disponibles.
portal-template-none = Ninguno
