# Products for new users (licences page) and bulk changes.
portal-template-title = Produtos para novos utilizadores
portal-template-intro = Atribuídos a cada utilizador criado sem produtos (no portal, através da API, numa importação CSV sem coluna de produtos ou numa criação SCIM de um fornecedor de identidade sem direitos), se houver licenças disponíveis.
portal-template-none = Nenhum
bulk-title-preview = Pré-visualização da alteração
bulk-title-done = Alteração aplicada
bulk-action-label = Ação
bulk-preview = Pré-visualizar
bulk-action-add_products = Adicionar produtos
bulk-action-remove_products = Remover produtos
bulk-action-set_role = Definir a função
bulk-action-suspend = Suspender
bulk-action-reactivate = Reativar
bulk-action-delete = Eliminar
bulk-action-restore = Restaurar
bulk-summary-changed = { $count ->
    [one] { $count } utilizador será alterado
   *[other] { $count } utilizadores serão alterados
}
bulk-done-changed = { $count ->
    [one] { $count } utilizador foi alterado
   *[other] { $count } utilizadores foram alterados
}
bulk-summary-unchanged = { $count ->
    [one] { $count } utilizador já está assim (sem alteração)
   *[other] { $count } utilizadores já estão assim (sem alteração)
}
bulk-summary-refused = { $count ->
    [one] { $count } utilizador é recusado
   *[other] { $count } utilizadores são recusados
}
bulk-email-products_changed = { $count ->
    [one] { $count } e-mail «produtos alterados»
   *[other] { $count } e-mails «produtos alterados»
}
bulk-email-role_changed = { $count ->
    [one] { $count } e-mail «função alterada»
   *[other] { $count } e-mails «função alterada»
}
bulk-email-getting_started = { $count ->
    [one] { $count } e-mail de primeiros passos
   *[other] { $count } e-mails de primeiros passos
}
bulk-more = { $count ->
    [one] …e mais { $count }
   *[other] …e mais { $count }
}
bulk-apply = { $count ->
    [one] Aplicar a { $count } utilizador
   *[other] Aplicar a { $count } utilizadores
}
bulk-select-all = { $count ->
    [one] Selecionar o utilizador que corresponde ao filtro
   *[other] Selecionar os { $count } utilizadores que correspondem ao filtro
}
bulk-emails-heading = E-mails
bulk-no-emails = Não será enviado nenhum e-mail.
bulk-losing-portal-heading = Estes utilizadores perdem o acesso ao portal (as sessões terminam)
bulk-changed-heading = Utilizadores a alterar
bulk-changed-heading-done = Utilizadores alterados
bulk-unchanged-heading = Utilizadores sem alteração
bulk-refused-heading = Utilizadores recusados
bulk-col-reason = Motivo
bulk-cancel = Voltar à lista
bulk-no-notify-on = Os utilizadores não são avisados desta alteração (os e-mails de primeiros passos são enviados na mesma).
bulk-notify-on = Os utilizadores são avisados desta alteração por e-mail.
bulk-error-seats-short = Licenças insuficientes de { $product }: esta alteração precisa de { $needed } e restam { $left }. Nada foi alterado.
bulk-error-nothing-selected = Selecione utilizadores, ou todos os utilizadores que correspondem ao filtro.
